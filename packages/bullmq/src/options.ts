import { parseConnection, type RedisConnection } from './connection.js'
import { invalidArgument, outOfRange } from '@multitask/core/backend'

/**
 * Options of the bullmq backend, given to `parallelBackend('bullmq', { nJobs, ...options }, fn)`
 * or {@link createBullmqBackend}. `nJobs` is how many batches run at once across all
 * workers: set it to the total concurrency of the workers.
 */
export interface BullmqOptions {
  /**
   * The Redis server the workers listen on.
   * @example { connection: 'redis://10.0.0.5:6379' }
   * @example { connection: { host: 'redis.internal', port: 6380, password: process.env.REDIS_PASSWORD } }
   */
  readonly connection: RedisConnection
  /**
   * The BullMQ queue name; workers must be started on the same one.
   * @default 'multitask'
   */
  readonly queue?: string
  /**
   * Prefix of every Redis key of the queue (BullMQ's `prefix`).
   * @default 'bull'
   */
  readonly prefix?: string
  /**
   * Milliseconds a call with batches waiting tolerates seeing no worker on the queue
   * (or no Redis) before it fails with a `NoWorkersError`, instead of waiting forever.
   * @default 30_000
   * @example { noWorkerTimeout: 5_000 }
   */
  readonly noWorkerTimeout?: number
  /**
   * Shared secret for HMAC signatures of jobs, payloads and replies; workers with a
   * secret reject unsigned or tampered jobs.
   * @default process.env.MULTITASK_SECRET
   */
  readonly secret?: string
}

export interface ParsedBullmqOptions {
  readonly connection: RedisConnection
  readonly queue: string
  readonly prefix: string
  readonly noWorkerTimeout: number
  readonly secret: string | undefined
}

const KNOWN = ['connection', 'queue', 'prefix', 'noWorkerTimeout', 'secret']

/** Checks the backend's options; errors name the option and the value received. */
export function parseBullmqOptions(options: Readonly<Record<string, unknown>>): ParsedBullmqOptions {
  for (const key of Object.keys(options)) {
    if (!KNOWN.includes(key)) {
      throw invalidArgument(`Unknown option \`${key}\` for the bullmq backend; it accepts ${KNOWN.join(', ')} (and nJobs in a context).`)
    }
  }
  const { queue = 'multitask', prefix = 'bull', noWorkerTimeout = 30_000, secret } = options
  return {
    connection: parseConnection(options.connection, 'the bullmq backend'),
    queue: parseName('queue', queue),
    prefix: parseName('prefix', prefix),
    noWorkerTimeout: parseMs('noWorkerTimeout', noWorkerTimeout),
    secret: parseSecret(secret),
  }
}

export function parseName(option: string, value: unknown): string {
  if (typeof value !== 'string' || value === '' || value.includes(':')) {
    throw invalidArgument(`\`${option}\` must be a non-empty string without ':'; received ${JSON.stringify(value)}.`)
  }
  return value
}

export function parseMs(option: string, value: unknown, min = 1): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    throw outOfRange(`\`${option}\` must be a number of milliseconds of at least ${min}; received ${String(value)}.`)
  }
  return value
}

export function parseSecret(secret: unknown): string | undefined {
  if (secret === undefined) {
    const env = process.env.MULTITASK_SECRET
    return env === undefined || env === '' ? undefined : env
  }
  if (typeof secret !== 'string' || secret === '') {
    throw invalidArgument(`\`secret\` must be a non-empty string; received ${secret === '' ? '""' : String(secret)}.`)
  }
  return secret
}
