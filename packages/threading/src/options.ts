import { inspect } from 'node:util'
import type { ResourceLimits } from 'node:worker_threads'
import { BUFFER_POOL_OPTIONS, invalidArgument, outOfRange, parseBufferPoolSettings, type BufferPoolSettings } from '@multitask/core/backend'

/**
 * Options of the `threading` backend, given to `parallelBackend('threading', { nJobs, ...options }, fn)`.
 * Calls with the same options share one pool of threads.
 */
export interface ThreadingOptions extends BufferPoolSettings {
  /**
   * Limits of each worker thread's JavaScript heap and stack, as in `new Worker(file, { resourceLimits })`.
   * A task that goes over them ends its thread (not the caller's process) and the call
   * rejects with a `WorkerTerminatedError`.
   * @default undefined (Node's defaults, derived from the machine's memory)
   * @example { resourceLimits: { maxOldGenerationSizeMb: 512 } }
   */
  readonly resourceLimits?: ResourceLimits
  /**
   * Milliseconds an idle thread is kept for later calls before it ends. Idle threads never
   * keep the process alive, whatever this is. `Infinity` keeps them until `shutdown()`.
   * @default 300_000 (five minutes, as loky's idle worker timeout)
   * @example { idleTimeout: 10_000 }
   */
  readonly idleTimeout?: number
}

/** The options after validation. */
export interface ParsedThreadingOptions {
  readonly resourceLimits: ResourceLimits | undefined
  readonly idleTimeoutMs: number
  /** Of the pool of shared buffers for large arguments. */
  readonly bufferPool: { readonly maxBytes: number; readonly idleMs: number }
}

const KNOWN = ['resourceLimits', 'idleTimeout', ...BUFFER_POOL_OPTIONS]
const LIMITS = ['maxOldGenerationSizeMb', 'maxYoungGenerationSizeMb', 'codeRangeSizeMb', 'stackSizeMb']

/** Checks the backend options of a `parallelBackend('threading', ...)` context; errors name the option. */
export function parseThreadingOptions(options: Readonly<Record<string, unknown>>): ParsedThreadingOptions {
  const unknown = Object.keys(options).filter((key) => !KNOWN.includes(key) && options[key] !== undefined)
  if (unknown.length > 0) {
    throw invalidArgument(
      `Unknown option${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `\`${k}\``).join(', ')} of the "threading" backend; ` +
        `its options are ${KNOWN.map((k) => `\`${k}\``).join(', ')} (and \`nJobs\`).`,
    )
  }
  return {
    resourceLimits: parseResourceLimits(options.resourceLimits),
    idleTimeoutMs: parseIdleTimeout(options.idleTimeout),
    bufferPool: parseBufferPoolSettings(options),
  }
}

function parseResourceLimits(value: unknown): ResourceLimits | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw invalidArgument(`\`resourceLimits\` must be an object such as { maxOldGenerationSizeMb: 512 }; received ${show(value)}.`)
  }
  const limits: Record<string, number> = {}
  for (const [key, limit] of Object.entries(value)) {
    if (limit === undefined) continue
    if (!LIMITS.includes(key)) {
      throw invalidArgument(`Unknown \`resourceLimits.${key}\`; the limits are ${LIMITS.map((k) => `\`${k}\``).join(', ')}.`)
    }
    if (typeof limit !== 'number' || !Number.isFinite(limit) || limit <= 0) {
      throw outOfRange(`\`resourceLimits.${key}\` must be a positive number of megabytes; received ${show(limit)}.`)
    }
    limits[key] = limit
  }
  return limits
}

function parseIdleTimeout(value: unknown): number {
  if (value === undefined || value === null) return 300_000
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0) {
    throw invalidArgument(`\`idleTimeout\` must be a non-negative number of milliseconds or Infinity; received ${show(value)}.`)
  }
  // setTimeout fires at once for delays past 2^31 - 1 ms; such a timeout means "never".
  return Math.min(value, 2 ** 31 - 1)
}

function show(value: unknown): string {
  return inspect(value, { depth: 1, breakLength: Infinity, maxArrayLength: 5, maxStringLength: 40 })
}
