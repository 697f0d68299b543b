import { fileURLToPath } from 'node:url'
import { Piscina } from 'piscina'
import { Pool, spawn, Worker } from 'threads'
import Tinypool from 'tinypool'
import workerpool from 'workerpool'
import type { TaskName } from '../tasks.js'
import { PoolSlot, type Contestant, type PeerTask } from './contestant.js'

/** The path of a worker script in dist/workers. */
export const worker = (name: string) => fileURLToPath(new URL(`../workers/${name}.js`, import.meta.url))

/**
 * A peer with a pool of fixed size (one per `jobs`, see {@link PoolSlot}) that takes one
 * pool call per task; every task is queued at once, as each library's README does.
 */
function perTaskPeer<P>(
  create: (jobs: number) => P,
  destroy: (pool: P) => Promise<unknown>,
  callOne: (pool: P, task: PeerTask) => Promise<unknown>,
  sharesMemory: boolean,
): Contestant {
  const slot = new PoolSlot(create, destroy)
  return {
    sharesMemory,
    async run(task: TaskName, n: number, jobs: number, args: unknown) {
      const pool = await slot.get(jobs)
      const pending = new Array<Promise<unknown>>(n)
      for (let i = 0; i < n; i++) pending[i] = callOne(pool, { task, args, i })
      return Promise.all(pending)
    },
    close: () => slot.close(),
  }
}

/**
 * Raw tinypool, one `run()` per task, with the given runtime. On threads its worker moves
 * array results back; child processes get the plain worker (results travel as JSON anyway).
 */
export function tinypool(runtime: 'worker_threads' | 'child_process', isolateWorkers = false): Contestant {
  const script = runtime === 'worker_threads' ? 'tinypool-worker' : 'peer-worker'
  return perTaskPeer(
    (jobs) => new Tinypool({ filename: worker(script), runtime, minThreads: jobs, maxThreads: jobs, isolateWorkers }),
    (pool) => pool.destroy(),
    (pool, t) => pool.run(t),
    runtime === 'worker_threads',
  )
}

/** piscina, one `run()` per task; its worker moves array results back. */
export function piscina(): Contestant {
  return perTaskPeer(
    (jobs) => new Piscina({ filename: worker('piscina-worker'), minThreads: jobs, maxThreads: jobs }),
    (pool) => pool.destroy(),
    (pool, t) => pool.run(t),
    true,
  )
}

/** workerpool with its default worker type ('auto': worker threads on Node), one `exec()` per task; its worker transfers array results back. */
export function workerpoolPeer(): Contestant {
  return perTaskPeer(
    (jobs) => workerpool.pool(worker('workerpool-worker'), { minWorkers: jobs, maxWorkers: jobs }),
    // workerpool's own promise type is not a standard Promise: await it into one.
    async (pool) => {
      await pool.terminate()
    },
    (pool, t) => pool.exec('runTask', [t]) as Promise<unknown>,
    true,
  )
}

type RunTask = { runTask(task: PeerTask): unknown }

/** A raw threads.js `Pool`, one `queue()` per task. */
export function threadsjs(): Contestant {
  return perTaskPeer(
    // threads.js resolves worker paths against the calling file's folder, even absolute ones.
    (jobs) => Pool(() => spawn<RunTask>(new Worker('../workers/threadsjs-worker.js')), jobs),
    (pool) => pool.terminate(),
    (pool, t) => Promise.resolve(pool.queue((w) => Promise.resolve(w.runTask(t)))),
    true,
  )
}
