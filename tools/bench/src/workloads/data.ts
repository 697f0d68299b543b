import { JOBLIB, OURS, RUNTIMES, THREAD_POOLS, type Workload, type WorkloadSettings } from './workload.js'

const MEMORY =
  'Memory: peak RSS of the driver process and all its children, summed; growth during the call is that peak minus the RSS just before the call ' +
  '(the array already made, as in a program that calls with its data).'
const SHARING = "Thread pools get the array in a SharedArrayBuffer (their docs' way to share data); multitask gets a plain Float64Array."
const NO_TINYPOOL_PROCESS = "tinypool's child_process runtime is left out: it sends tasks as JSON, which turns a Float64Array into an object of 8 million keys."
const FIRST_CALL =
  'Two tables: the first call of each driver with the array (one call per contestant, before the warm-up, so one sample: it fills whatever the contestant caches), ' +
  'then the rounds, which call again with the same array, unchanged (cached where the contestant caches). The `fresh` workload repeats the first kind of call with a new array every time.'

const slices = (megabytes: number, fresh = false) => {
  const params = { dataBytes: megabytes << 20, parts: 256, ...(fresh ? { fresh: true } : {}) }
  return { node: params, python: params }
}

/** One large array, the same on every call: the first call and the cached ones apart. */
export function bigdata(s: WorkloadSettings): Workload {
  const megabytes = s.quick ? 2 : 64
  return {
    id: 'bigdata',
    title: `${megabytes} MiB Float64Array in args, 256 slice sums, the same array every call`,
    description:
      `Each task sums 1/256 of the array. ${MEMORY} ${SHARING} ` +
      'multitask threading copies the array into shared memory on its first call and, on later calls, checks that it is unchanged and reuses that copy; ' +
      'multitask loky writes it to a temp file in /dev/shm that each worker maps (joblib loky does the same with its memmapping).',
    kind: 'time',
    task: 'sliceSum',
    n: 256,
    counts: { 'joblib-loky-nomemmap': s.quick ? 4 : 8 },
    params: slices(megabytes),
    jobs: [s.jobs],
    contestants: ['loop', ...OURS, ...THREAD_POOLS, 'threadsjs', ...JOBLIB.slice(0, 2), 'joblib-loky-nomemmap', 'joblib-threading'],
    memory: true,
    firstCall: true,
    notes: [FIRST_CALL, NO_TINYPOOL_PROCESS, 'joblib with max_nbytes=None pickles the array into every task: it runs only a few tasks, and its per-task cost is compared.'],
  }
}

/** A new large array before every call: what no cache can help with. */
export function fresh(s: WorkloadSettings): Workload {
  const megabytes = s.quick ? 2 : 64
  return {
    id: 'fresh',
    title: `${megabytes} MiB Float64Array in args, 256 slice sums, a new array every call`,
    description:
      `Before every call, untimed, each driver makes a new array and fills it with other values than the last one (a new numpy array in Python; a new SharedArrayBuffer for the thread pools, as their docs share data), ` +
      `so every call is a first call with its data. Each task sums 1/256 of it. ${MEMORY} ${SHARING}`,
    kind: 'time',
    task: 'sliceSum',
    n: 256,
    counts: {},
    params: slices(megabytes, true),
    jobs: [s.jobs],
    contestants: ['loop', ...OURS, ...THREAD_POOLS, ...JOBLIB],
    memory: true,
    notes: [NO_TINYPOOL_PROCESS],
  }
}

/** The same-array call on Deno and Bun next to Node, at the size of the issue's report. */
export function runtimes(s: WorkloadSettings): Workload {
  const megabytes = s.quick ? 2 : 32
  return {
    id: 'runtimes',
    title: `${megabytes} MiB Float64Array in args on Node, Deno and Bun`,
    description:
      `The bigdata call (256 slice sums, the same array every call) with the driver on Node, on Deno (\`deno run\` with the least permissions multitask's README lists, \`--allow-ffi\` included) and on Bun. ` +
      `Speedups of the Deno and Bun rows are over Node's plain loop. ${MEMORY}`,
    kind: 'time',
    task: 'sliceSum',
    n: 256,
    counts: {},
    params: slices(megabytes),
    jobs: [s.jobs],
    contestants: ['loop', 'threading', 'loky', ...RUNTIMES],
    memory: true,
    firstCall: true,
    notes: [FIRST_CALL.replace(/ The `fresh` workload.*/, '')],
  }
}

/** Tasks whose results are large typed arrays: the way back from the workers. */
export function results(s: WorkloadSettings): Workload {
  const q = s.quick
  const n = q ? 16 : 64
  const length = q ? 1 << 15 : 1 << 17
  return {
    id: 'results',
    title: `${n} tasks returning a ${length >> 17 ? `${length >> 17} MiB` : `${length >> 7} KiB`} Float64Array each (${(n * length) >> 17} MiB of results)`,
    description:
      'Each task makes a new Float64Array and fills it; the call returns them all, in order (numpy arrays in Python). ' +
      'The thread pools run one call per task and hand the array back the best way their API offers: piscina with `Piscina.move`, workerpool with `workerpool.Transfer`, ' +
      'tinypool with `Tinypool.move` (in its typed API, not in its README); multitask returns it as the task did, with no change to the task.',
    kind: 'time',
    task: 'fillArray',
    n,
    counts: {},
    params: { node: { length }, python: { length } },
    jobs: [s.jobs],
    contestants: ['loop', ...OURS, ...THREAD_POOLS, ...JOBLIB],
  }
}
