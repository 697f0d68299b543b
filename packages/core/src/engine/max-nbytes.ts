import { describeValue } from '../errors/describe.js'
import { invalidArgument, outOfRange } from '../errors/argument-errors.js'

const UNITS: Readonly<Record<string, number>> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }
// joblib's format: a number with an optional single-letter K/M/G suffix, powers of 1024.
// (General byte-size parsers want "MB" and quietly read "1M" as 1 byte, hence this one.)
const PATTERN = /^\s*(\d+(?:\.\d+)?)\s*([kmg]?)\s*$/i

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
  if (typeof value === 'string') {
    const match = PATTERN.exec(value)
    if (match) return Math.floor(Number(match[1]) * UNITS[match[2]!.toLowerCase()]!)
  }
  throw invalidArgument(
    `\`maxNbytes\` must be a byte count, a size string like '1M', '512K' or '2G', or null; received ${describeValue(value)}.`,
  )
}
