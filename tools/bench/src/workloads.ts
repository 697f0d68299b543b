import type { TaskName, TaskParams } from './tasks.js'

/** What one workload measures and who takes part. */
export interface Workload {
  readonly id: string
  readonly title: string
  readonly description: string
  /** `time`: one timed call per round; `cold`: a fresh driver per round, first call then warm calls. */
  readonly kind: 'time' | 'cold'
  readonly task: TaskName
  /** Tasks per call. */
  readonly n: number
  /** Smaller counts for contestants that would take too long at `n` (their per-task cost is compared). */
  readonly counts: Readonly<Record<string, number>>
  /** Arguments by language: the CPU-bound tasks are calibrated per language to the same duration. */
  readonly params: { readonly node: TaskParams; readonly python: TaskParams }
  readonly jobs: readonly number[]
  readonly contestants: readonly string[]
  /** Sample the RSS of each driver's process tree. */
  readonly memory?: boolean
  /** Rounds, when not the run's setting. */
  readonly rounds?: number
  /** Warm calls per round (cold workload). */
  readonly warmCalls?: number
  /** Why someone is missing. */
  readonly notes?: readonly string[]
}

export interface WorkloadSettings {
  readonly quick: boolean
  readonly jobs: number
  readonly cpuCount: number
  /** `spin` iterations that take about 1 ms, per language. */
  readonly iters: { readonly node: number; readonly python: number }
}

const PEERS_PER_TASK = ['tinypool-threads', 'tinypool-process', 'piscina', 'workerpool', 'threadsjs']
const OURS = ['serial', 'loky', 'threading']
const EVERYONE = ['loop', ...OURS, ...PEERS_PER_TASK, 'python-loop', 'joblib-loky', 'joblib-threading']
/**
 * The distributed backend runs the overhead and CPU-bound workloads: issue 11 sets its
 * targets on the trivial and 1 ms ones, and the 10 µs one lies in between. Big data,
 * cold starts, scaling and uneven durations measure what the local pools are for.
 */
const EVERYONE_AND_BULLMQ = ['loop', ...OURS, 'bullmq', ...PEERS_PER_TASK, 'python-loop', 'joblib-loky', 'joblib-threading']

const spinParams = (s: WorkloadSettings, fraction: number) => ({
  node: { iters: Math.max(1, Math.round(s.iters.node * fraction)) },
  python: { iters: Math.max(1, Math.round(s.iters.python * fraction)) },
})

/** The workloads of issue 8, full size or `--quick`. */
export function buildWorkloads(s: WorkloadSettings): Workload[] {
  const q = s.quick
  const perTask = (count: number, extra: Record<string, number> = {}) => ({
    ...Object.fromEntries(PEERS_PER_TASK.map((id) => [id, count])),
    ...extra,
  })
  const jobs = [s.jobs]
  const megabytes = q ? 2 : 64
  return [
    {
      id: 'trivial',
      title: '200,000 trivial tasks',
      description: '`args[i % 5] + 10`: pure overhead.',
      kind: 'time',
      task: 'trivial',
      n: q ? 10_000 : 200_000,
      counts: perTask(q ? 200 : 5_000, { threadsjs: q ? 50 : 1_000, 'joblib-threading': q ? 1_000 : 20_000 }),
      params: { node: {}, python: {} },
      jobs,
      contestants: EVERYONE_AND_BULLMQ,
    },
    {
      id: 'fine',
      title: '50,000 tasks of about 10 µs',
      description: 'Fine-grained CPU work, where overhead decides.',
      kind: 'time',
      task: 'spin',
      n: q ? 2_000 : 50_000,
      counts: perTask(q ? 200 : 5_000, { threadsjs: q ? 50 : 1_000, 'joblib-threading': q ? 1_000 : 10_000 }),
      params: spinParams(s, 0.01),
      jobs,
      contestants: EVERYONE_AND_BULLMQ,
    },
    {
      id: 'cpu',
      title: '2,000 CPU-bound tasks of about 1 ms',
      description: 'Coarse CPU work: the speedup should approach the number of workers.',
      kind: 'time',
      task: 'spin',
      n: q ? 100 : 2_000,
      counts: { threadsjs: q ? 50 : 500 },
      params: spinParams(s, 1),
      jobs,
      contestants: EVERYONE_AND_BULLMQ,
    },
    {
      id: 'bigdata',
      title: `${megabytes} MiB Float64Array in args, 256 slice sums`,
      description:
        'Each task sums 1/256 of the array. Memory: peak RSS of the driver process and all its children, summed; ' +
        'growth during the call is that peak minus the RSS just before the call (the array already made, as in a program that calls with its data). ' +
        'Thread pools get the array in a SharedArrayBuffer (their docs\' way to share data); multitask gets a plain Float64Array. ' +
        'Every round calls with the same array, unchanged: multitask threading copies it into shared memory on the first call and, ' +
        'on later calls, checks that it is unchanged and reuses that copy; multitask loky writes it to a temp file in /dev/shm on every call, and each worker maps that file ' +
        '(joblib loky does the same with its memmapping).',
      kind: 'time',
      task: 'sliceSum',
      n: 256,
      counts: { 'joblib-loky-nomemmap': q ? 4 : 8 },
      params: { node: { dataBytes: megabytes << 20, parts: 256 }, python: { dataBytes: megabytes << 20, parts: 256 } },
      jobs,
      contestants: ['loop', ...OURS, 'tinypool-threads', 'piscina', 'workerpool', 'threadsjs', 'python-loop', 'joblib-loky', 'joblib-loky-nomemmap', 'joblib-threading'],
      memory: true,
      notes: [
        "tinypool's child_process runtime is left out: it sends tasks as JSON, which turns a Float64Array into an object of 8 million keys.",
        'joblib with max_nbytes=None pickles the array into every task: it runs only a few tasks, and its per-task cost is compared.',
      ],
    },
    {
      id: 'cold',
      title: 'Cold first call vs warm call (10 tiny tasks)',
      description: 'A fresh process per round: the first call (pool start included), then warm calls of the same 10 tasks.',
      kind: 'cold',
      task: 'trivial',
      n: 10,
      counts: {},
      params: { node: {}, python: {} },
      jobs,
      contestants: [...OURS, ...PEERS_PER_TASK, 'joblib-loky', 'joblib-threading'],
      warmCalls: q ? 5 : 20,
      ...(q ? { rounds: 1 } : {}),
    },
    {
      id: 'scaling',
      title: `Scaling with jobs 1 to ${s.cpuCount} (${q ? 100 : 1_000} tasks of 1 ms)`,
      description: 'Speedup over the plain loop of the same language as workers are added; ideal: speedup = jobs. multitask with jobs 1 runs in series by design.',
      kind: 'time',
      task: 'spin',
      n: q ? 50 : 1_000,
      counts: { threadsjs: q ? 25 : 300 },
      params: spinParams(s, 1),
      jobs: Array.from({ length: s.cpuCount }, (_, k) => k + 1),
      contestants: ['loop', 'loky', 'threading', ...PEERS_PER_TASK, 'python-loop', 'joblib-loky', 'joblib-threading'],
    },
    {
      id: 'uneven',
      title: 'Uneven durations (1 task in 20 is 50x longer)',
      description: 'Tasks of about 0.2 ms, with about 1 in 20 (scattered by a hash) taking 10 ms: batching must not leave a worker idle.',
      kind: 'time',
      task: 'uneven',
      n: q ? 200 : 2_000,
      counts: { threadsjs: q ? 100 : 500 },
      params: {
        node: { ...spinParams(s, 0.2).node, longFactor: 50 },
        python: { ...spinParams(s, 0.2).python, longFactor: 50 },
      },
      jobs,
      contestants: EVERYONE,
    },
  ]
}
