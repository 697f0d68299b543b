import { activeContext, type BackendContext } from './context.js'
import { describeValue } from '../errors/describe.js'
import { parseJobs } from './parse-jobs.js'
import { isLoggerLike, type LoggerLike } from '../logs/log.js'
import { parseMaxNbytes } from '../engine/max-nbytes.js'
import type { Progress } from '../engine/progress.js'
import { parseSkip } from '../engine/skip.js'
import { invalidArgument, outOfRange } from '../errors/argument-errors.js'
import { parseWorkerLimits } from './parse-worker-limits.js'
import type { WorkerLimits } from '../backend/worker-limits.js'

/** Options of {@link multitask}. Every field is optional. */
export interface MultitaskOptions {
  /**
   * How many workers. `null`, `undefined`, `0` and `1` run in series; `n >= 2` runs
   * `n` workers (never more than there are tasks); negative `n` means
   * `cpuCount() + 1 + n`, so `-1` is all CPUs and `-2` all but one. Fractions
   * truncate. Left unset inside a `parallelBackend` context, the context's `nJobs`
   * applies.
   * @default undefined (series, or the context's nJobs)
   * @example { jobs: -1 }
   */
  readonly jobs?: number | null
  /**
   * One entry per item of `iterable`; a truthy entry drops that task from the run
   * and from the result. A mask of another length is a `RangeError`.
   * @default null
   * @example { skip: [false, false, true, false, false] }
   */
  readonly skip?: ArrayLike<unknown> | Iterable<unknown> | null
  /**
   * Binary data (typed arrays, `ArrayBuffer`s, `Buffer`s) in `args`/`kwargs` larger
   * than this is shared with worker processes through a temp file or shared memory
   * instead of being copied to each. A byte count, a string with K/M/G (powers of
   * 1024), or `null` to always copy.
   * @default '1M'
   * @example { maxNbytes: '64M' }
   */
  readonly maxNbytes?: number | string | null
  /**
   * Run in worker threads (the `threading` backend), so `SharedArrayBuffer`s in
   * `args` are shared with the tasks. Cannot be combined with `forceProcesses`.
   * @default false
   */
  readonly forceThreading?: boolean
  /**
   * Run in worker processes (the `loky` backend). Cannot be combined with `forceThreading`.
   * @default false
   */
  readonly forceProcesses?: boolean
  /**
   * Where multitask's warnings (and, with the backends that capture them, the tasks'
   * logs) go: a tslog `Logger` or any object with `debug/info/warn/error` methods.
   * Without one, warnings go to stderr.
   * @default null
   */
  readonly logger?: LoggerLike | null
  /**
   * Stops the call: it rejects promptly with an `AbortError` whose `cause` is the
   * signal's reason; running tasks are stopped (their workers replaced), queued ones
   * never start, and temp files are removed. In series, an async task in progress is
   * abandoned (its promise cannot be cancelled) and no further task starts.
   * @default undefined
   * @example { signal: AbortSignal.timeout(60_000) }
   */
  readonly signal?: AbortSignal | null
  /**
   * Milliseconds each task may run, counted from its start. A task that exceeds it
   * fails the call with a `TimeoutError` naming the task, and its worker is replaced.
   * With a timeout, each batch holds one task. In series only async tasks can be
   * timed out: a synchronous busy loop blocks the very thread that would stop it.
   * @default null (no limit)
   * @example { timeout: 30_000 }
   */
  readonly timeout?: number | null
  /**
   * Called as tasks finish, at most every 100 ms and once at the end, with
   * `{ done, total?, elapsedMs }`; `total` is there when the input's length is known.
   * @default undefined
   * @example { onProgress: ({ done, total }) => console.error(`${done}/${total}`) }
   */
  readonly onProgress?: ((progress: Progress) => void) | null
  /**
   * Replace a worker by a fresh one after it has run this many tasks, for tasks that
   * leak (native code, libraries with global caches). Tasks count one by one, over
   * all calls the worker serves: a batch stops at the limit and the rest goes to
   * other workers, with every result kept. `1` gives each task a fresh worker.
   * Works on every backend with workers (loky, threading, a bullmq worker's pool);
   * a backend that cannot replace workers rejects it. In series (no workers) it does
   * nothing. Left unset, the `parallelBackend` context's value applies.
   * @default undefined (workers are kept; see the backend option `idleTimeout`)
   * @example { maxTasksPerWorker: 100 }
   */
  readonly maxTasksPerWorker?: number | null
  /**
   * Replace a worker whose memory is above this after a task: it finishes the task,
   * returns its results and is replaced before it takes more work. Bytes, or a size
   * such as `'512M'`, `'512 MiB'`, `'1.5 GiB'`, `'2G'` (powers of 1024). Memory is the
   * resident set size of a worker process, and a worker thread's heap used plus its
   * external memory (typed arrays and buffers live there; on Bun that figure grows in
   * steps, so a thread may run a task or two past the limit). Checked after each task, at
   * most as often as keeps the check under about 1% of the run time (a check costs
   * µs). Unlike the threading backend's `resourceLimits`, a hard cap on the heap that
   * kills a thread mid-task and fails the call, this one never fails a call; with
   * both, `resourceLimits` applies first when a single task crosses it. Same backends
   * as `maxTasksPerWorker`; in series it does nothing.
   * @default undefined (no limit)
   * @example { workerMemoryLimit: '512M' }
   */
  readonly workerMemoryLimit?: number | string | null
}

/** The options after validation. */
export interface ParsedOptions {
  readonly jobs: number | null
  readonly skip: boolean[] | null
  readonly maxNbytes: number | null
  readonly forceThreading: boolean
  readonly forceProcesses: boolean
  readonly logger: LoggerLike | null
  readonly signal: AbortSignal | null
  readonly timeout: number | null
  readonly onProgress: ((progress: Progress) => void) | null
  /** `maxTasksPerWorker` and `workerMemoryLimit`, from the call or its context; undefined when neither is set. */
  readonly workerLimits: WorkerLimits | undefined
  /**
   * The `parallelBackend` context in force when the call was made, read synchronously so
   * that it holds where contexts do not follow `await`s (the web platform).
   */
  readonly context: BackendContext | undefined
}

const KNOWN = new Set([
  'jobs',
  'skip',
  'maxNbytes',
  'forceThreading',
  'forceProcesses',
  'logger',
  'signal',
  'timeout',
  'onProgress',
  'maxTasksPerWorker',
  'workerMemoryLimit',
])

/** Validates every option up front, so bad input fails before any worker starts. */
export function parseOptions(options: unknown, extra: readonly string[] = []): ParsedOptions {
  if (options === undefined || options === null) options = {}
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw invalidArgument(`\`options\` must be an object; received ${describeValue(options)}.`)
  }
  const o = options as Record<string, unknown>
  const unknown = Object.keys(o).filter((key) => !KNOWN.has(key) && !extra.includes(key) && o[key] !== undefined)
  if (unknown.length > 0) {
    throw invalidArgument(
      `Unknown multitask option${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `\`${k}\``).join(', ')}; ` +
        `the options are ${[...KNOWN].map((k) => `\`${k}\``).join(', ')}.`,
    )
  }
  const forceThreading = parseFlag(o.forceThreading, 'forceThreading')
  const forceProcesses = parseFlag(o.forceProcesses, 'forceProcesses')
  if (forceThreading && forceProcesses) {
    throw invalidArgument('Can either force threading or processes, not both.')
  }
  const logger = o.logger ?? null
  if (logger !== null && !isLoggerLike(logger)) {
    throw invalidArgument(
      `\`logger\` must be a tslog Logger or an object with debug/info/warn/error methods; received ${describeValue(logger)}.`,
    )
  }
  const context = activeContext()
  return {
    jobs: parseJobs(o.jobs),
    skip: parseSkip(o.skip),
    maxNbytes: o.maxNbytes === undefined ? parseMaxNbytes('1M') : parseMaxNbytes(o.maxNbytes),
    forceThreading,
    forceProcesses,
    logger,
    signal: parseSignal(o.signal),
    timeout: parseTimeout(o.timeout),
    onProgress: parseCallback(o.onProgress, 'onProgress'),
    workerLimits: parseWorkerLimits(o, context?.options),
    context,
  }
}

function parseSignal(value: unknown): AbortSignal | null {
  if (value === undefined || value === null) return null
  if (value instanceof AbortSignal) return value
  throw invalidArgument(`\`signal\` must be an AbortSignal (e.g. from an AbortController); received ${describeValue(value)}.`)
}

function parseTimeout(value: unknown): number | null {
  if (value === undefined || value === null) return null
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw invalidArgument(`\`timeout\` must be a number of milliseconds or null; received ${describeValue(value)}.`)
  }
  if (!(value > 0) || value > 2 ** 31 - 1) {
    throw outOfRange(`\`timeout\` must be between 1 and ${2 ** 31 - 1} ms, or null for no limit; received ${value}.`)
  }
  return value
}

function parseCallback<T>(value: unknown, option: string): T | null {
  if (value === undefined || value === null) return null
  if (typeof value === 'function') return value as T
  throw invalidArgument(`\`${option}\` must be a function; received ${describeValue(value)}.`)
}

function parseFlag(value: unknown, option: string): boolean {
  if (value === undefined || value === null) return false
  if (typeof value !== 'boolean') {
    throw invalidArgument(`\`${option}\` must be true or false; received ${describeValue(value)}.`)
  }
  return value
}
