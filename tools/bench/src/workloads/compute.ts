import { BATCHED, JOBLIB, OURS, PEERS_PER_TASK, perTask, spinParams, type Workload, type WorkloadSettings } from './workload.js'

/**
 * The distributed backend runs the overhead and CPU-bound workloads: issue 11 sets its
 * targets on the trivial and 1 ms ones, and the 10 µs one lies in between. Big data,
 * cold starts, scaling and uneven durations measure what the local pools are for.
 */
const EVERYONE_AND_BULLMQ = ['loop', ...OURS, 'bullmq', ...PEERS_PER_TASK, ...JOBLIB]

/** Many tiny tasks: pure overhead, on every runtime, with the thread pools batched by hand too. */
export function trivial(s: WorkloadSettings): Workload {
  const q = s.quick
  return {
    id: 'trivial',
    title: '200,000 trivial tasks',
    description: '`args[i % 5] + 10`: pure overhead. The Deno and Bun rows run the same multitask call in a driver on that runtime.',
    kind: 'time',
    task: 'trivial',
    n: q ? 10_000 : 200_000,
    counts: perTask(q ? 200 : 5_000, { threadsjs: q ? 50 : 1_000, 'joblib-threading': q ? 1_000 : 20_000 }),
    params: { node: {}, python: {} },
    jobs: [s.jobs],
    contestants: ['loop', ...OURS, 'threading-deno', 'loky-deno', 'threading-bun', 'loky-bun', 'bullmq', ...PEERS_PER_TASK, ...BATCHED, ...JOBLIB],
  }
}

export function fine(s: WorkloadSettings): Workload {
  const q = s.quick
  return {
    id: 'fine',
    title: '50,000 tasks of about 10 µs',
    description: 'Fine-grained CPU work, where overhead decides.',
    kind: 'time',
    task: 'spin',
    n: q ? 2_000 : 50_000,
    counts: perTask(q ? 200 : 5_000, { threadsjs: q ? 50 : 1_000, 'joblib-threading': q ? 1_000 : 10_000 }),
    params: spinParams(s, 0.01),
    jobs: [s.jobs],
    contestants: ['loop', ...OURS, 'bullmq', ...PEERS_PER_TASK, ...BATCHED, ...JOBLIB],
  }
}

export function cpu(s: WorkloadSettings): Workload {
  const q = s.quick
  return {
    id: 'cpu',
    title: '2,000 CPU-bound tasks of about 1 ms',
    description: 'Coarse CPU work: the speedup should approach the number of workers.',
    kind: 'time',
    task: 'spin',
    n: q ? 100 : 2_000,
    counts: { threadsjs: q ? 50 : 500 },
    params: spinParams(s, 1),
    jobs: [s.jobs],
    contestants: EVERYONE_AND_BULLMQ,
  }
}

export function scaling(s: WorkloadSettings): Workload {
  const q = s.quick
  return {
    id: 'scaling',
    title: `Scaling with jobs 1 to ${s.cpuCount} (${q ? 100 : 1_000} tasks of 1 ms)`,
    description: 'Speedup over the plain loop of the same language as workers are added; ideal: speedup = jobs. multitask with jobs 1 runs in series by design.',
    kind: 'time',
    task: 'spin',
    n: q ? 50 : 1_000,
    counts: { threadsjs: q ? 25 : 300 },
    params: spinParams(s, 1),
    jobs: Array.from({ length: s.cpuCount }, (_, k) => k + 1),
    contestants: ['loop', 'loky', 'threading', ...PEERS_PER_TASK, ...JOBLIB],
  }
}

/**
 * Short tasks with blocks of long ones: a block of 2% of the tasks in the middle and one
 * of 3% at the end. A fixed chunk size (say n / 8) puts each block in one chunk, so one
 * worker runs it alone while the other runs out of work; a batch size grown on the short
 * tasks meets the middle block with a large batch.
 */
export function uneven(s: WorkloadSettings): Workload {
  const n = s.quick ? 200 : 2_000
  const middle = Math.round(n / 2)
  const runs: [number, number][] = [
    [middle, middle + Math.round(n * 0.02)],
    [n - Math.round(n * 0.03), n],
  ]
  const short = spinParams(s, 0.1)
  return {
    id: 'uneven',
    title: 'Uneven durations (blocks of 200x longer tasks)',
    description:
      `Tasks of about 0.1 ms, except two blocks of consecutive tasks of about 20 ms: ${runs.map(([a, b]) => `${a}–${b - 1}`).join(' and ')} ` +
      `(5% of the tasks, about 90% of the work), in the middle and at the end, where a fixed chunk size puts a whole block on one worker. ` +
      "Each language's speedup is over its own plain loop, both calibrated to the same durations.",
    kind: 'time',
    task: 'uneven',
    n,
    counts: {},
    params: {
      node: { ...short.node, longFactor: 200, runs },
      python: { ...short.python, longFactor: 200, runs },
    },
    jobs: [s.jobs],
    contestants: ['loop', ...OURS, 'tinypool-threads', 'tinypool-process', 'piscina', 'workerpool', ...JOBLIB],
    notes: ['threads.js is left out: a queue() costs it about 0.8 ms, more than the short tasks themselves.'],
  }
}
