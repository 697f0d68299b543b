import { JOBLIB, OURS, PEERS_PER_TASK, RUNTIMES, spinParams, type Workload, type WorkloadSettings } from './workload.js'

/** A fresh driver per round: the first call, pool start included, then warm calls. */
export function cold(s: WorkloadSettings): Workload {
  return {
    id: 'cold',
    title: 'Cold first call vs warm call (10 tiny tasks)',
    description: 'A fresh process per round: the first call (pool start included), then warm calls of the same 10 tasks. The Deno and Bun rows run the same multitask call in a driver on that runtime.',
    kind: 'cold',
    task: 'trivial',
    n: 10,
    counts: {},
    params: { node: {}, python: {} },
    jobs: [s.jobs],
    contestants: [...OURS, ...RUNTIMES, ...PEERS_PER_TASK, ...JOBLIB.slice(1)],
    warmCalls: s.quick ? 5 : 20,
    ...(s.quick ? { rounds: 1 } : {}),
  }
}

/** The first call of a TypeScript task module, in a fresh process: parallel vs series. */
export function tsmodule(s: WorkloadSettings): Workload {
  const n = s.quick ? 50 : 500
  return {
    id: 'tsmodule',
    title: `First call of a TypeScript task module (${n} tasks of 1 ms)`,
    description:
      "A fresh process per round calls `multitask({ module: <file URL of fixtures/ts-task.ts>, name: 'work' }, items, args, null, options)`: " +
      "the module imports a second local .ts module; on Node 20 the caller compiles both once (with tsx's esbuild, into node_modules/.cache/multitask) and the caller " +
      '(series, `jobs: 1`) or every worker (`jobs: 2` with `forceProcesses` or `forceThreading`) imports the JavaScript. The first call includes the pool start and the module load; ' +
      'warm calls follow in the same process.',
    kind: 'cold',
    task: 'tsSpin',
    n,
    counts: {},
    params: spinParams(s, 1),
    jobs: [s.jobs],
    contestants: OURS,
    warmCalls: s.quick ? 1 : 3,
    ...(s.quick ? { rounds: 1 } : {}),
  }
}
