import { Piscina } from 'piscina'
import Tinypool from 'tinypool'
import type { TaskName } from '../tasks.js'
import { PoolSlot, type Contestant, type PeerBatch } from './contestant.js'
import { worker } from './peers.js'

/** Tasks per run(): a round number a user would pick to make a pool call's cost vanish. */
export const CHUNK = 1_000

/**
 * A thread pool used the way its docs' users batch small tasks by hand: one pool call
 * per chunk of {@link CHUNK} indices, every chunk queued at once, the worker looping over
 * its chunk (workers/batch-worker.ts); the results are joined in order.
 */
function batchedPeer<P>(create: (jobs: number) => P, destroy: (pool: P) => Promise<unknown>, callBatch: (pool: P, batch: PeerBatch) => Promise<unknown[]>): Contestant {
  const slot = new PoolSlot(create, destroy)
  async function runChunks(task: TaskName, n: number, jobs: number, args: unknown, chunk: number): Promise<unknown[]> {
    const pool = await slot.get(jobs)
    const pending: Promise<unknown[]>[] = []
    for (let from = 0; from < n; from += chunk) pending.push(callBatch(pool, { task, args, from, to: Math.min(n, from + chunk) }))
    const out = new Array<unknown>(n)
    let k = 0
    for (const results of await Promise.all(pending)) for (const value of results) out[k++] = value
    return out
  }
  return {
    sharesMemory: true,
    run: (task, n, jobs, args) => runChunks(task, n, jobs, args, CHUNK),
    // A few chunks of one task each, so every worker runs one; a single chunk would reach one worker.
    warmUp: (jobs) => runChunks('trivial', jobs * 4, jobs, [0, 1, 2, 3, 4], 1),
    close: () => slot.close(),
  }
}

/** tinypool on threads, one `run()` per chunk of 1,000 tasks. */
export function tinypoolBatched(): Contestant {
  return batchedPeer(
    (jobs) => new Tinypool({ filename: worker('batch-worker'), runtime: 'worker_threads', minThreads: jobs, maxThreads: jobs }),
    (pool) => pool.destroy(),
    (pool, batch) => pool.run(batch),
  )
}

/** piscina, one `run()` per chunk of 1,000 tasks. */
export function piscinaBatched(): Contestant {
  return batchedPeer(
    (jobs) => new Piscina({ filename: worker('batch-worker'), minThreads: jobs, maxThreads: jobs }),
    (pool) => pool.destroy(),
    (pool, batch) => pool.run(batch),
  )
}
