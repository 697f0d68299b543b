import { bullmq } from './bullmq.js'
import type { Contestant } from './contestant.js'
import { ours, plainLoop } from './multitask.js'
import { piscina, threadsjs, tinypool, workerpoolPeer } from './peers.js'

/** The Node contestants a driver process can host, by id (the Python ones live in python/). */
export const NODE_CONTESTANTS: Record<string, () => Contestant> = {
  loop: plainLoop,
  serial: () => ours('serial'),
  loky: () => ours('loky'),
  threading: () => ours('threading'),
  bullmq,
  'tinypool-threads': () => tinypool('worker_threads'),
  'tinypool-process': () => tinypool('child_process'),
  piscina,
  workerpool: workerpoolPeer,
  threadsjs,
}
