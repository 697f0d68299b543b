import type { Workload, WorkloadSettings } from './workload.js'

/** Issue 20: a fresh worker per task (`maxTasksPerWorker: 1`) against tinypool's `isolateWorkers`. */
export function recycle(s: WorkloadSettings): Workload {
  const n = s.quick ? 20 : 200
  return {
    id: 'recycle',
    title: `A fresh worker per task (${n} trivial tasks)`,
    description:
      "Each task on a worker started for it: multitask's `maxTasksPerWorker: 1` against tinypool's `isolateWorkers: true`, on processes and on threads; " +
      'the pools that keep their workers are the reference. The time is mostly worker starts.',
    kind: 'time',
    task: 'trivial',
    n,
    counts: {},
    params: { node: {}, python: {} },
    jobs: [s.jobs],
    contestants: ['loky', 'loky-fresh', 'tinypool-isolated-process', 'threading', 'threading-fresh', 'tinypool-isolated-threads'],
    ...(s.quick ? { rounds: 1 } : {}),
  }
}

/** Issue 20: what `workerMemoryLimit` costs on the trivial-task workload, where a memory reading weighs most. */
export function memcheck(s: WorkloadSettings): Workload {
  return {
    id: 'memcheck',
    title: `${s.quick ? '10,000' : '200,000'} trivial tasks with workerMemoryLimit set`,
    description:
      "The trivial-task call with and without `workerMemoryLimit: '4G'` (never reached): the cost of reading the workers' memory after tasks, " +
      'which multitask spaces to at most about 1% of the run.',
    kind: 'time',
    task: 'trivial',
    n: s.quick ? 10_000 : 200_000,
    counts: {},
    params: { node: {}, python: {} },
    jobs: [s.jobs],
    contestants: ['loky', 'loky-memlimit', 'threading', 'threading-memlimit'],
  }
}
