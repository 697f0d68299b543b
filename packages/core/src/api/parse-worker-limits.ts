import { describeValue } from '../errors/describe.js'
import { invalidArgument, outOfRange } from '../errors/argument-errors.js'
import { BYTE_SIZE_FORMS, parseByteSize } from '../engine/byte-size.js'
import type { WorkerLimits } from '../backend/worker-limits.js'

/**
 * Reads `maxTasksPerWorker` and `workerMemoryLimit` from a call's options, each falling
 * back to the `parallelBackend` context's; `undefined` when neither sets any, which
 * keeps every check of them off the workers' path.
 */
export function parseWorkerLimits(
  options: Readonly<Record<string, unknown>>,
  context: Readonly<Record<string, unknown>> = {},
): WorkerLimits | undefined {
  const tasks = parseMaxTasksPerWorker(options.maxTasksPerWorker ?? context.maxTasksPerWorker)
  const memory = parseWorkerMemoryLimit(options.workerMemoryLimit ?? context.workerMemoryLimit)
  if (tasks === undefined && memory === undefined) return undefined
  return { ...(tasks === undefined ? {} : { maxTasksPerWorker: tasks }), ...(memory === undefined ? {} : { workerMemoryLimit: memory }) }
}

/** A whole number of tasks, at least 1; `null`/`undefined`: no limit. */
export function parseMaxTasksPerWorker(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw invalidArgument(`\`maxTasksPerWorker\` must be a whole number of tasks (1 or more); received ${describeValue(value)}.`)
  }
  if (!Number.isSafeInteger(value) || value < 1) {
    throw outOfRange(`\`maxTasksPerWorker\` must be a whole number of tasks, 1 or more; received ${describeValue(value)}.`)
  }
  return value
}

/** Bytes, at least 1, from a number or a size string; `null`/`undefined`: no limit. */
export function parseWorkerMemoryLimit(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value) && value >= 1) return value
    throw outOfRange(`\`workerMemoryLimit\` must be ${BYTE_SIZE_FORMS}, more than 0; received ${describeValue(value)}.`)
  }
  const bytes = typeof value === 'string' ? parseByteSize(value) : undefined
  if (bytes === undefined) {
    throw invalidArgument(`\`workerMemoryLimit\` must be ${BYTE_SIZE_FORMS}; received ${describeValue(value)}.`)
  }
  if (bytes < 1) throw outOfRange(`\`workerMemoryLimit\` must be more than 0 bytes; received ${describeValue(value)}.`)
  return bytes
}

/**
 * `idleTimeout`, the backend option of every backend that keeps workers: milliseconds
 * an idle worker waits for work before it exits. Infinity (or anything past what a
 * timer can wait, about 24.8 days) keeps workers until the backend is shut down.
 *
 * @returns the milliseconds to wait, at most 2^31 - 1 (a longer timer would fire at once).
 */
export function parseIdleTimeout(value: unknown, fallback = DEFAULT_IDLE_TIMEOUT): number {
  if (value === undefined || value === null) return fallback
  const accepted = 'a non-negative number of milliseconds or Infinity'
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw invalidArgument(`\`idleTimeout\` must be ${accepted}; received ${describeValue(value)}.`)
  }
  if (value < 0) throw outOfRange(`\`idleTimeout\` must be ${accepted}; received ${describeValue(value)}.`)
  return Math.min(value, 2 ** 31 - 1)
}

/** Five minutes, loky's default. */
export const DEFAULT_IDLE_TIMEOUT = 300_000
