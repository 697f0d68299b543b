import { describeValue } from '../errors/describe.js'
import { invalidArgument, outOfRange } from '../errors/argument-errors.js'

/**
 * Checks a `jobs`/`nJobs` value and truncates fractions. `null`/`undefined` mean
 * "not set". Throws a `TypeError` for non-numbers and a `RangeError` for NaN and
 * infinities, naming the option.
 */
export function parseJobs(value: unknown, option = 'jobs'): number | null {
  if (value === null || value === undefined) return null
  if (typeof value !== 'number') {
    throw invalidArgument(
      `\`${option}\` must be an integer, null or undefined; received ${describeValue(value)}. ` +
        'Use 1 (or leave it unset) for series, n >= 2 for n workers, -1 for all CPUs.',
    )
  }
  if (!Number.isFinite(value)) {
    throw outOfRange(
      `\`${option}\` must be a finite number; received ${value}. Use -1 for all CPUs, -2 for all but one.`,
    )
  }
  return Math.trunc(value) + 0 // `+ 0` turns -0 into 0
}
