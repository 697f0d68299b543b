import { describeValue } from '../errors/describe.js'
import { invalidArgument, outOfRange } from '../errors/argument-errors.js'

/**
 * The tasks of a call, read from the iterable one at a time (an array without a mask
 * is sliced), with skipped items dropped. When the input's length is known up front
 * (an array, typed array, Set or Map), a `skip` mask of another length fails before
 * anything runs; otherwise the mismatch fails as soon as it shows (the mask runs out,
 * or the input ends first).
 */
export class TaskSource {
  /** Number of tasks (non-skipped items), when known up front. */
  readonly total: number | undefined
  private readonly iterator: Iterator<unknown>
  private readonly skip: readonly boolean[] | null
  private read = 0 // items read from the iterable, skipped ones included
  private taken = 0 // tasks handed out
  private finished = false
  private readonly buffer: unknown[] = [] // read ahead by peek(), not handed out yet
  // An array without a mask is sliced instead: iterating item by item cost the caller
  // about 0.2 µs a task, as much as a 10 µs task's whole share of overhead.
  private readonly array: readonly unknown[] | undefined

  constructor(iterable: unknown, skip: readonly boolean[] | null) {
    if (iterable === null || iterable === undefined || typeof (iterable as Iterable<unknown>)[Symbol.iterator] !== 'function') {
      throw invalidArgument(
        `\`iterable\` must be iterable (an array, Set, generator, range…); received ${describeValue(iterable)}.`,
      )
    }
    const length = knownLength(iterable)
    if (skip !== null && length !== undefined) checkLength(skip.length, length)
    this.total = length === undefined ? undefined : skip === null ? length : length - skip.filter(Boolean).length
    this.skip = skip
    this.array = skip === null && Array.isArray(iterable) ? iterable : undefined
    this.iterator = (iterable as Iterable<unknown>)[Symbol.iterator]()
  }

  /** Index the next task will have. */
  get nextIndex(): number {
    return this.taken
  }

  /** True when every task has been handed out. */
  get done(): boolean {
    if (this.array !== undefined) return this.taken >= this.array.length
    return this.finished && this.buffer.length === 0
  }

  /** Reads up to `count` tasks ahead without handing them out; returns how many are available. */
  peek(count: number): number {
    if (this.array !== undefined) return Math.min(count, this.array.length - this.taken)
    if (this.buffer.length < count) this.buffer.push(...this.read_(count - this.buffer.length))
    return Math.min(count, this.buffer.length)
  }

  /** Up to `count` next tasks; fewer only at the end of the input. */
  take(count: number): unknown[] {
    if (this.array !== undefined) {
      const items = this.array.slice(this.taken, this.taken + count)
      this.taken += items.length
      return items
    }
    const fromBuffer = this.buffer.splice(0, count)
    const items = fromBuffer.length < count ? fromBuffer.concat(this.read_(count - fromBuffer.length)) : fromBuffer
    this.taken += items.length
    return items
  }

  private read_(count: number): unknown[] {
    const items: unknown[] = []
    while (items.length < count && !this.finished) {
      const step = this.iterator.next()
      if (step.done) {
        this.finished = true
        if (this.skip !== null && this.read !== this.skip.length) checkLength(this.skip.length, this.read)
        break
      }
      const position = this.read++
      if (this.skip !== null) {
        if (position >= this.skip.length) checkLength(this.skip.length, position + 1, true)
        if (this.skip[position]) continue
      }
      items.push(step.value)
    }
    return items
  }

  /** Lets a generator run its `finally` blocks when the call ends early. */
  close(): void {
    if (!this.finished) {
      this.finished = true
      this.iterator.return?.()
    }
  }
}

function knownLength(iterable: unknown): number | undefined {
  if (Array.isArray(iterable)) return iterable.length
  if (ArrayBuffer.isView(iterable) && !(iterable instanceof DataView)) return (iterable as unknown as ArrayLike<unknown>).length
  if (iterable instanceof Set || iterable instanceof Map) return iterable.size
  return undefined
}

function checkLength(maskLength: number, itemCount: number, atLeast = false): void {
  if (maskLength !== itemCount || atLeast) {
    throw outOfRange(
      `\`skip\` has ${maskLength} entries but \`iterable\` has ${atLeast ? 'more than ' + maskLength : itemCount} items; give one entry per item.`,
    )
  }
}
