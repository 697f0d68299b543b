import { describeValue } from '../errors/describe.js'
import { invalidArgument, outOfRange } from '../errors/argument-errors.js'
import { parseByteSize } from './byte-size.js'

/**
 * Parses `maxNbytes`: a byte count, a string such as `'1M'`, `'512K'`, `'2G'` or
 * `'1000'` (K/M/G are powers of 1024), or `null` to disable sharing.
 *
 * @returns the threshold in bytes, or `null`.
 */
export function parseMaxNbytes(value: unknown): number | null {
  if (value === null) return null
  if (typeof value === 'number') {
    if (Number.isFinite(value) && value >= 0) return Math.floor(value)
    throw outOfRange(
      `\`maxNbytes\` must be a non-negative finite number of bytes; received ${value}. Use null to disable sharing.`,
    )
  }
  const bytes = typeof value === 'string' ? parseByteSize(value) : undefined
  if (bytes !== undefined) return bytes
  throw invalidArgument(
    `\`maxNbytes\` must be a byte count, a size string like '1M', '512K' or '2G', or null; received ${describeValue(value)}.`,
  )
}
