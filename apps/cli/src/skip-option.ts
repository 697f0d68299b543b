import { readFile } from 'node:fs/promises'
import { UsageError } from './errors.js'

/**
 * Builds the `skip` mask from `--skip`: comma- or space-separated input positions
 * (`--skip 2,5`), or `@file` holding such a list or a JSON array of positions or of
 * booleans (one per item). Positions out of range are errors, not silently ignored.
 */
export async function readSkip(value: string, count: number): Promise<boolean[]> {
  let text = value
  let what = `--skip "${value}"`
  if (value.startsWith('@')) {
    const path = value.slice(1)
    what = `--skip file ${path}`
    try {
      text = await readFile(path, 'utf8')
    } catch (error) {
      throw new UsageError(`--skip: cannot read ${path}: ${(error as Error).message}`)
    }
  }
  const entries = listEntries(text, what)
  if (entries.length > 0 && entries.every((entry) => typeof entry === 'boolean')) {
    if (entries.length !== count) {
      throw new UsageError(`${what} has ${entries.length} booleans but there are ${count} items; give one per item.`)
    }
    return entries as boolean[]
  }
  const mask = new Array<boolean>(count).fill(false)
  for (const entry of entries) {
    if (typeof entry !== 'number' || !Number.isInteger(entry) || entry < 0) {
      throw new UsageError(`${what} must list item positions (integers from 0) or booleans; found ${JSON.stringify(entry)}.`)
    }
    if (entry >= count) throw new UsageError(`${what} names item ${entry}, but there are only ${count} items (0 to ${count - 1}).`)
    mask[entry] = true
  }
  return mask
}

function listEntries(text: string, what: string): unknown[] {
  const trimmed = text.trim()
  if (trimmed.startsWith('[')) {
    try {
      const value: unknown = JSON.parse(trimmed)
      if (Array.isArray(value)) return value
    } catch {
      // reported below, with the list syntax
    }
    throw new UsageError(`${what} is not a valid JSON array.`)
  }
  if (trimmed === '') return []
  return trimmed.split(/[\s,]+/).map((part) => (/^\d+$/.test(part) ? Number(part) : part))
}
