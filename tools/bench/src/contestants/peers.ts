import { fileURLToPath } from 'node:url'
import { Piscina } from 'piscina'
import { Pool, spawn, Worker } from 'threads'
import Tinypool from 'tinypool'
import workerpool from 'workerpool'
import type { TaskName } from '../tasks.js'
import { PoolSlot, type Contestant, type PeerTask } from './contestant.js'

const worker = (name: string) => fileURLToPath(new URL(`../workers/${name}.js`, import.meta.url))

/** Queues every task at once, one pool call per task, as each library's README does. */
async function perTask(n: number, call: (task: PeerTask) => Promise<unknown>, task: TaskName, args: unknown) {
  const pending = new Array<Promise<unknown>>(n)
  for (let i = 0; i < n; i++) pending[i] = call({ task, args, i })
  return Promise.all(pending)
}

/** Raw tinypool, one `run()` per task, with the given runtime. */
export function tinypool(runtime: 'worker_threads' | 'child_process'): Contestant {
  const slot = new PoolSlot(
    (jobs) => new Tinypool({ filename: worker('peer-worker'), runtime, minThreads: jobs, maxThreads: jobs }),
    (pool) => pool.destroy(),
  )
  return {
    sharesMemory: runtime === 'worker_threads',
    async run(task, n, jobs, args) {
      const pool = await slot.get(jobs)
      return perTask(n, (t) => pool.run(t), task, args)
    },
    close: () => slot.close(),
  }
}

/** piscina, one `run()` per task. */
export function piscina(): Contestant {
  const slot = new PoolSlot(
    (jobs) => new Piscina({ filename: worker('peer-worker'), minThreads: jobs, maxThreads: jobs }),
    (pool) => pool.destroy(),
  )
  return {
    sharesMemory: true,
    async run(task, n, jobs, args) {
      const pool = await slot.get(jobs)
      return perTask(n, (t) => pool.run(t), task, args)
    },
    close: () => slot.close(),
  }
}

/** workerpool with its default worker type ('auto': worker threads on Node), one `exec()` per task. */
export function workerpoolPeer(): Contestant {
  const slot = new PoolSlot(
    (jobs) => workerpool.pool(worker('workerpool-worker'), { minWorkers: jobs, maxWorkers: jobs }),
    async (pool) => {
      await pool.terminate()
    },
  )
  return {
    sharesMemory: true,
    async run(task, n, jobs, args) {
      const pool = await slot.get(jobs)
      return perTask(n, (t) => pool.exec('runTask', [t]) as Promise<unknown>, task, args)
    },
    close: () => slot.close(),
  }
}

type RunTask = { runTask(task: PeerTask): unknown }

/** A raw threads.js `Pool`, one `queue()` per task. */
export function threadsjs(): Contestant {
  const slot = new PoolSlot(
    // threads.js resolves worker paths against the calling file's folder, even absolute ones.
    (jobs) => Pool(() => spawn<RunTask>(new Worker('../workers/threadsjs-worker.js')), jobs),
    (pool) => pool.terminate(),
  )
  return {
    sharesMemory: true,
    async run(task, n, jobs, args) {
      const pool = await slot.get(jobs)
      return perTask(n, (t) => Promise.resolve(pool.queue((w) => Promise.resolve(w.runTask(t)))), task, args)
    },
    close: () => slot.close(),
  }
}
