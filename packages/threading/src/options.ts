import { inspect } from 'node:util'
import type { ResourceLimits } from 'node:worker_threads'
import { BUFFER_POOL_OPTIONS, invalidArgument, outOfRange, parseBufferPoolSettings, parseIdleTimeout, type BufferPoolSettings } from '@multitask/core/backend'

/**
 * Options of the `threading` backend, given to `parallelBackend('threading', { nJobs, ...options }, fn)`.
 * Calls with the same options share one pool of threads.
 */
export interface ThreadingOptions extends BufferPoolSettings {
  /**
   * Limits of each worker thread's JavaScript heap and stack, as in `new Worker(file, { resourceLimits })`.
   * A hard cap: a task that goes over them ends its thread mid-task (not the caller's
   * process) and the call rejects with a `WorkerTerminatedError`. The call option
   * `workerMemoryLimit` is the soft one: checked after a task, it replaces the thread and
   * keeps every result. With both, set `resourceLimits` higher; it applies first when a
   * single task crosses it. Node only: Deno and Bun ignore it.
   * @default undefined (Node's defaults, derived from the machine's memory)
   * @example { resourceLimits: { maxOldGenerationSizeMb: 512 } }
   */
  readonly resourceLimits?: ResourceLimits
  /**
   * Milliseconds an idle thread is kept for later calls before it ends: the option every
   * backend with workers shares (see core's `ParallelBackendOptions.idleTimeout`). Idle
   * threads never keep the process alive, whatever this is. `Infinity` keeps them until `shutdown()`.
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

function show(value: unknown): string {
  return inspect(value, { depth: 1, breakLength: Infinity, maxArrayLength: 5, maxStringLength: 40 })
}
