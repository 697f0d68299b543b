import { describeValue } from './describe.js'
import { parseJobs } from './jobs.js'
import { isLoggerLike, type LoggerLike } from './log.js'
import { parseMaxNbytes } from './max-nbytes.js'
import { parseSkip } from './skip.js'

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
}

/** The options after validation. */
export interface ParsedOptions {
  readonly jobs: number | null
  readonly skip: boolean[] | null
  readonly maxNbytes: number | null
  readonly forceThreading: boolean
  readonly forceProcesses: boolean
  readonly logger: LoggerLike | null
}

const KNOWN = new Set(['jobs', 'skip', 'maxNbytes', 'forceThreading', 'forceProcesses', 'logger'])

/** Validates every option up front, so bad input fails before any worker starts. */
export function parseOptions(options: unknown): ParsedOptions {
  if (options === undefined || options === null) options = {}
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`\`options\` must be an object; received ${describeValue(options)}.`)
  }
  const o = options as Record<string, unknown>
  const unknown = Object.keys(o).filter((key) => !KNOWN.has(key) && o[key] !== undefined)
  if (unknown.length > 0) {
    throw new TypeError(
      `Unknown multitask option${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `\`${k}\``).join(', ')}; ` +
        `the options are ${[...KNOWN].map((k) => `\`${k}\``).join(', ')}.`,
    )
  }
  const forceThreading = parseFlag(o.forceThreading, 'forceThreading')
  const forceProcesses = parseFlag(o.forceProcesses, 'forceProcesses')
  if (forceThreading && forceProcesses) {
    throw new TypeError('Can either force threading or processes, not both.')
  }
  const logger = o.logger ?? null
  if (logger !== null && !isLoggerLike(logger)) {
    throw new TypeError(
      `\`logger\` must be a tslog Logger or an object with debug/info/warn/error methods; received ${describeValue(logger)}.`,
    )
  }
  return {
    jobs: parseJobs(o.jobs),
    skip: parseSkip(o.skip),
    maxNbytes: o.maxNbytes === undefined ? parseMaxNbytes('1M') : parseMaxNbytes(o.maxNbytes),
    forceThreading,
    forceProcesses,
    logger,
  }
}

function parseFlag(value: unknown, option: string): boolean {
  if (value === undefined || value === null) return false
  if (typeof value !== 'boolean') {
    throw new TypeError(`\`${option}\` must be true or false; received ${describeValue(value)}.`)
  }
  return value
}
