import { invalidArgument, outOfRange } from '../errors/argument-errors.js'
import { describeValue } from '../errors/describe.js'
import { parseMaxNbytes } from '../engine/max-nbytes.js'

/**
 * The options a backend with a {@link BufferPool} of large arguments takes, under
 * the same names in every backend: `parallelBackend('threading', { bufferPoolSize: '2G' }, fn)`.
 */
export interface BufferPoolSettings {
  /**
   * Bytes of shared memory kept between calls for large arguments (`maxNbytes`), so a
   * call over new data of the same size as an earlier call's refills memory that is
   * already mapped instead of mapping new memory. Bytes, or a string with K/M/G
   * (powers of 1024); `0` keeps nothing (every call maps new memory).
   * @default '1G'
   * @example { bufferPoolSize: '4G' }
   */
  readonly bufferPoolSize?: number | string
  /**
   * Milliseconds a kept buffer may stay unused before it is freed. Its timer never
   * keeps the program alive. A minute covers the pause between the steps of most
   * pipelines (the workers themselves stay 300 s).
   * @default 60_000
   * @example { bufferPoolIdle: 10_000 }
   */
  readonly bufferPoolIdle?: number
}

/** The defaults of {@link BufferPoolSettings}: 1 GiB, kept 60 s after its last use. */
export const BUFFER_POOL_DEFAULTS = { maxBytes: 1024 ** 3, idleMs: 60_000 } as const

/** The option names of {@link BufferPoolSettings}, for a backend's list of known options. */
export const BUFFER_POOL_OPTIONS = ['bufferPoolSize', 'bufferPoolIdle'] as const

/**
 * Checks `bufferPoolSize` and `bufferPoolIdle` among a backend's options; errors name
 * the option and the value received.
 *
 * @example
 * ```ts
 * import { BufferPool, parseBufferPoolSettings } from '@multitask/core/backend'
 * const { maxBytes, idleMs } = parseBufferPoolSettings(options)
 * const pool = new BufferPool({ create: (n) => new SharedArrayBuffer(n), maxBytes, idleMs })
 * ```
 */
export function parseBufferPoolSettings(options: Readonly<Record<string, unknown>>): { maxBytes: number; idleMs: number } {
  const { bufferPoolSize: size, bufferPoolIdle: idle } = options
  let maxBytes: number = BUFFER_POOL_DEFAULTS.maxBytes
  if (size !== undefined) {
    let parsed: number | null = null
    try {
      parsed = parseMaxNbytes(size)
    } catch {
      // Reported below under this option's name.
    }
    if (parsed === null) {
      throw invalidArgument(
        `\`bufferPoolSize\` must be a byte count or a size string like '512M' or '2G' (0 keeps nothing); received ${describeValue(size)}.`,
      )
    }
    maxBytes = parsed
  }
  if (idle !== undefined && (typeof idle !== 'number' || Number.isNaN(idle) || idle < 0)) {
    throw outOfRange(`\`bufferPoolIdle\` must be a non-negative number of milliseconds or Infinity; received ${describeValue(idle)}.`)
  }
  return { maxBytes, idleMs: idle ?? BUFFER_POOL_DEFAULTS.idleMs }
}
