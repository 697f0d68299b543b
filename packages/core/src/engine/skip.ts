import { describeValue } from '../errors/describe.js'
import { invalidArgument, outOfRange } from '../errors/argument-errors.js'

/** Turns `skip` into an array of booleans, or null when nothing is skipped. */
export function parseSkip(skip: unknown): boolean[] | null {
  if (skip === null || skip === undefined) return null
  if (typeof skip === 'string') {
    throw invalidArgument(`\`skip\` must be an array (or iterable) of booleans, not a string; received ${describeValue(skip)}.`)
  }
  if (typeof skip === 'object' || typeof skip === 'function') {
    const s = skip as { length?: unknown; [Symbol.iterator]?: unknown }
    if (typeof s[Symbol.iterator] === 'function') return Array.from(skip as Iterable<unknown>, Boolean)
    if (typeof s.length === 'number' && Number.isInteger(s.length) && s.length >= 0) {
      return Array.from(skip as ArrayLike<unknown>, Boolean)
    }
  }
  throw invalidArgument(
    `\`skip\` must be an array, typed array or iterable of booleans (one per task), or null; received ${describeValue(skip)}.`,
  )
}

/** Checks the mask against the items: a mask of another length would silently lose or invent tasks. */
export function checkSkipLength(skip: readonly boolean[], itemCount: number): void {
  if (skip.length !== itemCount) {
    throw outOfRange(
      `\`skip\` has ${skip.length} entries but \`iterable\` has ${itemCount} items; give one entry per item.`,
    )
  }
}
