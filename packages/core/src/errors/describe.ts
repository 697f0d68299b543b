import { platform } from '#platform'

/** A short, readable rendering of a received value for error messages. */
export function describeValue(value: unknown): string {
  const type = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value
  const shown = platform.inspect(value, { depth: 1, breakLength: Infinity, maxArrayLength: 5, maxStringLength: 40 })
  return type === 'string' || type === 'number' || type === 'undefined' || type === 'null' || type === 'boolean'
    ? shown
    : `${shown} (${type})`
}
