import type { Contestant } from './contestant.js'

/**
 * The JavaScript contestants a driver process can host, by id (the Python ones live in
 * python/; Deno and Bun drivers host `loky` and `threading`). Each is imported when its
 * driver starts: a driver of multitask loads no peer's library and a peer's driver no
 * multitask backend, so neither weighs on the other's memory figures.
 */
export const DRIVER_CONTESTANTS: Record<string, () => Promise<Contestant>> = {
  loop: async () => (await import('./loop.js')).plainLoop(),
  serial: async () => (await import('./multitask.js')).ours('serial'),
  loky: async () => (await import('./multitask.js')).ours('loky'),
  threading: async () => (await import('./multitask.js')).ours('threading'),
  'loky-fresh': async () => (await import('./multitask.js')).ours('loky', { maxTasksPerWorker: 1 }),
  'threading-fresh': async () => (await import('./multitask.js')).ours('threading', { maxTasksPerWorker: 1 }),
  'loky-memlimit': async () => (await import('./multitask.js')).ours('loky', { workerMemoryLimit: '4G' }),
  'threading-memlimit': async () => (await import('./multitask.js')).ours('threading', { workerMemoryLimit: '4G' }),
  bullmq: async () => (await import('./bullmq.js')).bullmq(),
  'tinypool-threads': async () => (await import('./peers.js')).tinypool('worker_threads'),
  'tinypool-process': async () => (await import('./peers.js')).tinypool('child_process'),
  'tinypool-isolated-threads': async () => (await import('./peers.js')).tinypool('worker_threads', true),
  'tinypool-isolated-process': async () => (await import('./peers.js')).tinypool('child_process', true),
  piscina: async () => (await import('./peers.js')).piscina(),
  workerpool: async () => (await import('./peers.js')).workerpoolPeer(),
  threadsjs: async () => (await import('./peers.js')).threadsjs(),
  'tinypool-batched': async () => (await import('./batched-peers.js')).tinypoolBatched(),
  'piscina-batched': async () => (await import('./batched-peers.js')).piscinaBatched(),
}
