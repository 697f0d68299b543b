import { cpuCount } from '@multitask/core'
import { invalidArgument, outOfRange, parseIdleTimeout, parseWorkerMemoryLimit, parseMaxTasksPerWorker, type WorkerLimits } from '@multitask/core/backend'
import { parseConnection, type RedisConnection } from './connection.js'
import { parseMs, parseName, parseSecret } from './options.js'

/** Options of {@link startWorker} (and of `multitask worker --backend bullmq`). */
export interface WorkerOptions {
  /**
   * The Redis server callers enqueue on.
   * @example { connection: 'redis://10.0.0.5:6379' }
   */
  readonly connection: RedisConnection
  /**
   * The queue to serve; the same as the callers' `queue`.
   * @default 'multitask'
   */
  readonly queue?: string
  /**
   * Prefix of the queue's Redis keys; the same as the callers' `prefix`.
   * @default 'bull'
   */
  readonly prefix?: string
  /**
   * Batches this worker runs at once, each on its own thread (or process) of the local pool.
   * @default the CPUs available to this process
   */
  readonly concurrency?: number
  /**
   * The local pool: `'threading'` (worker threads, cheapest) or `'loky'` (child
   * processes, for tasks that must not share a process).
   * @default 'threading'
   */
  readonly pool?: 'threading' | 'loky'
  /**
   * Run calls that ship their function as source. Off by default: with it, anyone
   * who can write to the queue can run any code on this machine (see the threat model
   * in the README). Module references are always allowed.
   * @default false
   */
  readonly allowSource?: boolean
  /**
   * Shared secret: with one, jobs and payloads without a valid HMAC signature are
   * rejected (and logged), and replies are signed.
   * @default process.env.MULTITASK_SECRET
   */
  readonly secret?: string
  /**
   * Milliseconds a batch's lock lasts without renewal (BullMQ's `lockDuration`): after a
   * worker dies, its batch waits about this long before another worker takes it.
   * @default 30_000
   */
  readonly lockDuration?: number
  /**
   * Milliseconds between checks for batches whose worker died (BullMQ's `stalledInterval`).
   * @default 30_000
   */
  readonly stalledInterval?: number
  /**
   * Times a batch may lose its worker and be run again before it fails with a
   * `WorkerTerminatedError` (BullMQ's `maxStalledCount`).
   * @default 1
   */
  readonly maxStalledCount?: number
  /**
   * Where rejected jobs are reported.
   * @default console
   */
  readonly logger?: Pick<Console, 'error'>
  /**
   * Replace a thread (or process) of the local pool after it has run this many tasks,
   * for calls that set no `maxTasksPerWorker` of their own (a call's own wins).
   * @default undefined (no limit)
   * @example { maxTasksPerWorker: 1000 }
   */
  readonly maxTasksPerWorker?: number
  /**
   * Replace a thread (or process) of the local pool whose memory is above this after a
   * task, for calls that set no `workerMemoryLimit` of their own: bytes, or a size such as `'2G'`.
   * @default undefined (no limit)
   * @example { workerMemoryLimit: '2G' }
   */
  readonly workerMemoryLimit?: number | string
  /**
   * Milliseconds an idle thread (or process) of the local pool waits for work before it exits.
   * @default 300_000
   * @example { idleTimeout: 60_000 }
   */
  readonly idleTimeout?: number
}

export interface ParsedWorkerOptions {
  readonly connection: RedisConnection
  readonly queue: string
  readonly prefix: string
  readonly concurrency: number
  readonly pool: 'threading' | 'loky'
  readonly allowSource: boolean
  readonly secret: string | undefined
  readonly lockDuration: number
  readonly stalledInterval: number
  readonly maxStalledCount: number
  readonly logger: Pick<Console, 'error'>
  readonly workerLimits: WorkerLimits | undefined
  readonly idleTimeout: number
}

const KNOWN = [
  'connection', 'queue', 'prefix', 'concurrency', 'pool', 'allowSource', 'secret', 'lockDuration', 'stalledInterval', 'maxStalledCount', 'logger',
  'maxTasksPerWorker', 'workerMemoryLimit', 'idleTimeout',
]

/** Checks the worker's options; errors name the option and the value received. */
export function parseWorkerOptions(options: Readonly<Record<string, unknown>>): ParsedWorkerOptions {
  for (const key of Object.keys(options)) {
    if (!KNOWN.includes(key)) throw invalidArgument(`Unknown option \`${key}\` for startWorker(); it accepts ${KNOWN.join(', ')}.`)
  }
  const { queue = 'multitask', prefix = 'bull', concurrency = cpuCount(), pool = 'threading', allowSource = false } = options
  const { lockDuration = 30_000, stalledInterval = 30_000, maxStalledCount = 1, logger = console } = options
  if (!Number.isSafeInteger(concurrency) || (concurrency as number) < 1) {
    throw outOfRange(`\`concurrency\` must be a positive integer; received ${String(concurrency)}.`)
  }
  if (pool !== 'threading' && pool !== 'loky') {
    throw invalidArgument(`\`pool\` must be 'threading' or 'loky'; received ${JSON.stringify(pool)}.`)
  }
  if (typeof allowSource !== 'boolean') throw invalidArgument(`\`allowSource\` must be a boolean; received ${String(allowSource)}.`)
  if (!Number.isSafeInteger(maxStalledCount) || (maxStalledCount as number) < 0) {
    throw outOfRange(`\`maxStalledCount\` must be a non-negative integer; received ${String(maxStalledCount)}.`)
  }
  if (logger === null || typeof (logger as Console).error !== 'function') {
    throw invalidArgument('`logger` must have an error(...) method, like console.')
  }
  return {
    connection: parseConnection(options.connection, 'startWorker()'),
    queue: parseName('queue', queue),
    prefix: parseName('prefix', prefix),
    concurrency: concurrency as number,
    pool,
    allowSource,
    secret: parseSecret(options.secret),
    lockDuration: parseMs('lockDuration', lockDuration),
    stalledInterval: parseMs('stalledInterval', stalledInterval),
    maxStalledCount: maxStalledCount as number,
    logger: logger as Pick<Console, 'error'>,
    workerLimits: localLimits(parseMaxTasksPerWorker(options.maxTasksPerWorker), parseWorkerMemoryLimit(options.workerMemoryLimit)),
    idleTimeout: parseIdleTimeout(options.idleTimeout),
  }
}

function localLimits(maxTasksPerWorker: number | undefined, workerMemoryLimit: number | undefined): WorkerLimits | undefined {
  if (maxTasksPerWorker === undefined && workerMemoryLimit === undefined) return undefined
  return { ...(maxTasksPerWorker === undefined ? {} : { maxTasksPerWorker }), ...(workerMemoryLimit === undefined ? {} : { workerMemoryLimit }) }
}
