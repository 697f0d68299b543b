import { outOfRange } from '../errors/argument-errors.js'
import { describeValue } from '../errors/describe.js'

/** How a {@link BufferPool} makes and frees its buffers, and how much it keeps. */
export interface BufferPoolOptions<T> {
  /** Makes a buffer of `byteLength` bytes (a `SharedArrayBuffer`, a shared-memory file...). */
  create(byteLength: number): T
  /** Frees a buffer the pool drops; never called for a leased buffer. Must not throw. */
  destroy?(buffer: T): void
  /**
   * Bytes the pool keeps, leased and idle together. A lease that would go past it
   * first drops idle buffers (least recently used first); if leased ones still fill
   * it, the lease gets a buffer of its own, freed when it is released.
   */
  readonly maxBytes: number
  /** Milliseconds an idle buffer is kept; its timer never keeps the program alive. */
  readonly idleMs: number
}

/**
 * Where a leased buffer comes from: `same-source` was last leased for the same
 * `source` (its bytes may still be that source's: compare before copying), `reused`
 * was last filled from something else, `new` was just made.
 */
export type LeaseOrigin = 'same-source' | 'reused' | 'new'

/** A buffer leased to one user (one call) until {@link BufferLease.release}. */
export interface BufferLease<T> {
  readonly buffer: T
  readonly origin: LeaseOrigin
  /** Whether the pool keeps the buffer after the release (false past `maxBytes`). */
  readonly pooled: boolean
  /** Hands the buffer back; the second call does nothing. */
  release(): void
}

/** A snapshot of a `BufferPool` (a pool of reusable buffers), for diagnostics and tests. */
export interface BufferPoolStats {
  /** Buffers the pool keeps, leased or idle. */
  readonly buffers: number
  /** Their bytes. */
  readonly bytes: number
  /** Buffers leased now, own (unpooled) ones included. */
  readonly leased: number
  /** Buffers made since the pool was created. */
  readonly created: number
  /** Leases served by a buffer made for an earlier lease. */
  readonly reused: number
}

interface Entry<T> {
  readonly buffer: T
  readonly byteLength: number
  source: WeakRef<object> | undefined
  leased: boolean
  /** Dropped by `clear()` while leased: destroyed on release. */
  dropped: boolean
  timer: unknown
}

/**
 * Buffers kept between calls so that the next call with data of the same size fills
 * memory that is already mapped, instead of new memory whose first touch costs page
 * faults (for 64 MiB, 10 to 100 times the cost of the copy itself). A buffer is
 * leased to one call at a time, so two calls running at once never share one;
 * idle buffers are dropped after `idleMs`, and the total is capped by `maxBytes`.
 *
 * @typeParam T - the buffers: whatever `create` makes.
 * @example
 * ```ts
 * import { BufferPool } from '@multitask/core/backend'
 * const pool = new BufferPool({ create: (n) => new SharedArrayBuffer(n), maxBytes: 2 ** 30, idleMs: 10_000 })
 * const lease = pool.acquire(data.byteLength, data.buffer)
 * if (lease.origin !== 'same-source' || !equalBytes(lease.buffer, data)) copyInto(lease.buffer, data)
 * // ... run the call, then:
 * lease.release()
 * ```
 */
export class BufferPool<T> {
  private readonly entries: Array<Entry<T>> = [] // least recently released first
  private bytes = 0
  private own = 0
  private created = 0
  private reused = 0

  constructor(private readonly options: BufferPoolOptions<T>) {
    for (const key of ['maxBytes', 'idleMs'] as const) {
      const value = options[key]
      if (typeof value !== 'number' || Number.isNaN(value) || value < 0) {
        throw outOfRange(`\`${key}\` must be a non-negative number; received ${describeValue(value)}.`)
      }
    }
  }

  /**
   * A buffer of exactly `byteLength` bytes for one user. With a `source` (the object the
   * caller will copy from, held weakly), an idle buffer last leased for that source is
   * preferred, then any idle buffer of that size, then a new one.
   */
  acquire(byteLength: number, source?: object): BufferLease<T> {
    let entry = this.idleEntry(byteLength, source)
    let origin: LeaseOrigin = 'new'
    let pooled = true
    if (entry !== undefined) {
      origin = source !== undefined && entry.source?.deref() === source ? 'same-source' : 'reused'
      this.reused++
      clearUnref(entry.timer)
      entry.timer = undefined
    } else {
      ;({ entry, pooled } = this.newEntry(byteLength))
    }
    entry.leased = true
    entry.source = source === undefined ? undefined : new WeakRef(source)
    if (!pooled) this.own++
    const leased = entry
    let released = false
    return {
      buffer: entry.buffer,
      origin,
      pooled,
      release: () => {
        if (released) return
        released = true
        if (pooled) return this.giveBack(leased)
        this.own--
        this.options.destroy?.(leased.buffer)
      },
    }
  }

  /** Drops every idle buffer now; leased ones are dropped when released. */
  clear(): void {
    for (const entry of [...this.entries]) {
      if (entry.leased) entry.dropped = true
      else this.drop(entry)
    }
  }

  stats(): BufferPoolStats {
    return {
      buffers: this.entries.length,
      bytes: this.bytes,
      leased: this.entries.filter((entry) => entry.leased).length + this.own,
      created: this.created,
      reused: this.reused,
    }
  }

  private idleEntry(byteLength: number, source: object | undefined): Entry<T> | undefined {
    let found: Entry<T> | undefined
    // From the most recently released: its pages are the likeliest to be resident.
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const entry = this.entries[i]!
      if (entry.leased || entry.byteLength !== byteLength) continue
      if (source !== undefined && entry.source?.deref() === source) return entry
      found ??= entry
    }
    return found
  }

  private newEntry(byteLength: number): { entry: Entry<T>; pooled: boolean } {
    for (const entry of [...this.entries]) {
      if (this.bytes + byteLength <= this.options.maxBytes) break
      if (!entry.leased) this.drop(entry)
    }
    const entry: Entry<T> = { buffer: this.options.create(byteLength), byteLength, source: undefined, leased: true, dropped: false, timer: undefined }
    this.created++
    if (this.bytes + byteLength > this.options.maxBytes) return { entry, pooled: false }
    this.entries.push(entry)
    this.bytes += byteLength
    return { entry, pooled: true }
  }

  private giveBack(entry: Entry<T>): void {
    entry.leased = false
    if (entry.dropped || this.options.idleMs === 0) return this.drop(entry)
    // Moved to the end: the order of the list is the order of last use.
    this.entries.splice(this.entries.indexOf(entry), 1)
    this.entries.push(entry)
    entry.timer = unrefTimeout(() => this.drop(entry), this.options.idleMs)
  }

  private drop(entry: Entry<T>): void {
    const at = this.entries.indexOf(entry)
    if (at < 0) return
    this.entries.splice(at, 1)
    this.bytes -= entry.byteLength
    clearUnref(entry.timer)
    this.options.destroy?.(entry.buffer)
  }
}

/**
 * A timer that does not keep the program alive: Node's and Bun's timers have `unref`,
 * Deno's global timers are numbers that `Deno.unrefTimer` takes.
 */
function unrefTimeout(fn: () => void, ms: number): unknown {
  // setTimeout fires at once past 2^31 - 1 ms; such an idle time means "until cleared".
  if (ms > 2 ** 31 - 1) return undefined
  const timer: unknown = setTimeout(fn, ms)
  if (typeof timer === 'object' && timer !== null && 'unref' in timer) (timer as { unref(): void }).unref()
  else if (typeof timer === 'number') (globalThis as { Deno?: { unrefTimer?(id: number): void } }).Deno?.unrefTimer?.(timer)
  return timer
}

function clearUnref(timer: unknown): void {
  if (timer !== undefined) clearTimeout(timer as ReturnType<typeof setTimeout>)
}
