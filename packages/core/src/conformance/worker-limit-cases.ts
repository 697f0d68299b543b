import { deepStrictEqual, ok } from 'node:assert/strict'
import { multitask, taskModule } from '../index.js'
import type { ConformanceCase } from './case.js'
import { range } from './driver.js'

type Ran = { readonly i: number; readonly worker: string; readonly last?: number }
const fixture = new URL('./fixture-tasks.js', import.meta.url)
const whereRun = taskModule<(_: null, i: number) => Ran>(fixture, 'whereRun')
const leak = taskModule<(mib: number, i: number) => Ran>(fixture, 'leak')

/** How many tasks each worker ran. */
function tasksPerWorker(ran: readonly Ran[]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const { worker } of ran) counts.set(worker, (counts.get(worker) ?? 0) + 1)
  return counts
}

/** Workers replaced after a number of tasks or past a memory limit (issue 20), with every result kept. */
export const workerLimitCases: readonly ConformanceCase[] = [
  {
    name: 'max-tasks-per-worker',
    title: 'with maxTasksPerWorker: 5, 40 tasks run on at least 8 workers, none running more than 5, and every result is kept',
    notApplicable: ({ capabilities }) =>
      capabilities.supportsMaxTasksPerWorker ? undefined : 'the backend does not declare supportsMaxTasksPerWorker',
    run: async (driver) => {
      const ran = await driver.within(() => multitask(whereRun, range(40), null, null, { maxTasksPerWorker: 5 }))
      deepStrictEqual(ran.map((r) => r.i), range(40))
      const counts = tasksPerWorker(ran)
      ok(counts.size >= 8, `40 tasks ran on ${counts.size} workers`)
      ok(Math.max(...counts.values()) <= 5, `a worker ran ${Math.max(...counts.values())} tasks`)
    },
  },
  {
    name: 'worker-memory-limit',
    title: 'tasks that each keep 24 MiB alive, with workerMemoryLimit 128 MiB, get their workers replaced and every result right',
    notApplicable: ({ capabilities }) =>
      capabilities.supportsWorkerMemoryLimit ? undefined : 'the backend does not declare supportsWorkerMemoryLimit',
    run: async (driver) => {
      const ran = await driver.within(() => multitask(leak, range(16), 24, null, { workerMemoryLimit: '128 MiB' }))
      deepStrictEqual(ran.map((r) => [r.i, r.last]), range(16).map((i) => [i, i % 251]))
      const counts = tasksPerWorker(ran)
      // A worker is over 128 MiB after its 6th task of 24 MiB at the latest, and replaced then. Bun's
      // threads update their memory figures in steps (JavaScriptCore accounts for buffers lazily), so
      // a reading may lag a task or two: 8 at most.
      ok(Math.max(...counts.values()) <= 8, `a worker ran ${Math.max(...counts.values())} tasks of 24 MiB`)
      ok(counts.size > driver.options.nJobs, `16 tasks ran on ${counts.size} workers: none was replaced`)
    },
  },
]
