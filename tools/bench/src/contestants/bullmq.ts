// No import of @multitask/bullmq here: core imports it on the first call naming 'bullmq'
// (untimed, in the cluster's warm-up), so drivers of other contestants never load
// bullmq and ioredis, which would weigh on their memory figures.
import { multitask, parallelBackend } from '@multitask/core'
import { TASKS } from '../tasks.js'
import { startCluster, type LocalCluster } from './bullmq-cluster.js'
import { PoolSlot, type Contestant } from './contestant.js'
import { indices } from './loop.js'

type Task = (args: any, i: number) => unknown

/** A multitask call as a user of the distributed backend makes it. */
function call(cluster: LocalCluster, jobs: number, fn: Task, n: number, args: unknown): Promise<unknown[]> {
  return parallelBackend('bullmq', { connection: cluster.connection, secret: cluster.secret, nJobs: jobs }, () =>
    multitask(fn, indices(n), args, null),
  )
}

/** Busy for `ms`, then names the worker's process: how the warm-up sees every worker take a batch. */
const holdThenPid = (ms: number, _i: number): number => {
  const end = Date.now() + ms
  while (Date.now() < end);
  return process.pid
}

/**
 * Runs calls until every worker has run a batch, so that no timed call pays a worker's
 * first batch (its thread start, its first read of a payload). Tasks that hold a worker
 * for a while make the next batch go to another one.
 */
async function warmUp(cluster: LocalCluster, jobs: number): Promise<void> {
  const seen = new Set<unknown>()
  for (let attempt = 0; attempt < 10 && seen.size < jobs; attempt++) {
    for (const pid of await call(cluster, jobs, holdThenPid, jobs * 2, 20)) seen.add(pid)
  }
  if (seen.size < jobs) throw new Error(`only ${seen.size} of ${jobs} bullmq workers took a batch during the warm-up`)
}

/**
 * multitask's bullmq backend on one machine: the driver is the caller, `jobs` worker
 * processes of concurrency 1 on a private redis-server are the cluster (started untimed,
 * on the first call with a given `jobs`).
 */
export function bullmq(): Contestant {
  const slot = new PoolSlot<Promise<LocalCluster>>(
    async (jobs) => {
      const cluster = await startCluster(jobs)
      try {
        await warmUp(cluster, jobs)
      } catch (error) {
        await cluster.close()
        throw error
      }
      return cluster
    },
    async (starting) => (await starting.catch(() => null))?.close(),
  )
  return {
    async run(task, n, jobs, args) {
      const cluster = await slot.get(jobs)
      return call(cluster, jobs, TASKS[task] as Task, n, args)
    },
    close: () => slot.close(),
  }
}
