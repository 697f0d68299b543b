import { readFile } from 'node:fs/promises'
import { UsageError } from './errors.js'

/** The tasks' items: an iterable and, for the progress bar and `--skip`, how many there are. */
export interface Inputs {
  readonly items: Iterable<unknown>
  readonly count: number
  /** Where they came from, for `--verbose`. */
  readonly origin: string
}

const INTEGER = /^[+-]?\d+$/

/**
 * Parses `--range start:stop[:step]` as Python's `range` reads it: `start` up to but
 * not including `stop`, `step` 1 unless given (negative counts down). The items are
 * generated lazily, so a range of millions costs no memory.
 */
export function parseRange(text: string): Inputs {
  const parts = text.split(':')
  if (parts.length < 2 || parts.length > 3 || parts.some((part) => !INTEGER.test(part.trim()))) {
    throw new UsageError(`--range must be start:stop or start:stop:step with integers (e.g. 0:100 or 10:0:-2); received "${text}".`)
  }
  const [start, stop, step = 1] = parts.map((part) => Number(part.trim())) as [number, number, number?]
  if (![start, stop, step].every(Number.isSafeInteger)) {
    throw new UsageError(`--range bounds must be safe integers (below 2^53); received "${text}".`)
  }
  if (step === 0) throw new UsageError(`--range step must not be 0; received "${text}".`)
  const count = Math.max(0, Math.ceil((stop - start) / step))
  return {
    count,
    origin: `range ${start}:${stop}:${step}`,
    items: {
      *[Symbol.iterator]() {
        for (let k = 0; k < count; k++) yield start + k * step
      },
    },
  }
}

/**
 * Reads `--items`: a file, or standard input for `-`. Text that starts with `[` is a
 * JSON array; anything else is NDJSON, one JSON value per non-blank line.
 */
export async function readItems(source: string, stdin: NodeJS.ReadableStream = process.stdin): Promise<Inputs> {
  const name = source === '-' ? 'standard input' : source
  let text: string
  try {
    text = source === '-' ? await readStream(stdin) : await readFile(source, 'utf8')
  } catch (error) {
    throw new UsageError(`--items: cannot read ${name}: ${(error as Error).message}`)
  }
  const items = parseItems(text, `--items ${name}`)
  return { items, count: items.length, origin: `${items.length} items from ${name}` }
}

/** A JSON array, or NDJSON; errors name the line. */
export function parseItems(text: string, what: string): unknown[] {
  const body = text.replace(/^\uFEFF/, '')
  if (body.trimStart().startsWith('[')) {
    const value = parseJson(body, what)
    if (!Array.isArray(value)) throw new UsageError(`${what} is not a JSON array.`)
    return value
  }
  const items: unknown[] = []
  body.split('\n').forEach((line, k) => {
    if (line.trim() !== '') items.push(parseJson(line, `${what}, line ${k + 1},`))
  })
  return items
}

/** `JSON.parse` whose error is a usage error that says where. */
export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new UsageError(`${what} is not valid JSON: ${(error as Error).message}`)
  }
}

async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)
  return Buffer.concat(chunks).toString('utf8')
}
