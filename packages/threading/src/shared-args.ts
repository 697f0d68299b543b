import type { BufferPool } from '@multitask/core/backend'
import { sharedCopyOf } from './shared-copies.js'

/** `args` and `kwargs` as they are sent to the threads of one call. */
export interface SharedArgs {
  readonly args: unknown
  readonly kwargs: unknown
  /** Bytes copied into shared memory for the call (0 when nothing was large, all of it was shared already, or kept copies were unchanged). */
  readonly copiedBytes: number
  /** Hands the call's shared copies back when the call ends, to be reused by the next call over the same data. */
  release(): void
}

type TypedArrayConstructor = new (buffer: ArrayBufferLike, byteOffset: number, length: number) => ArrayBufferView

/**
 * Replaces every `ArrayBuffer` larger than `maxNbytes` found in `args`/`kwargs` (on
 * its own, or under a typed array, `Buffer` or `DataView`) by a `SharedArrayBuffer`
 * copy leased from `pool` for the call (see `sharedCopyOf`), so
 * that posting the payload to each thread shares that copy instead of cloning the data
 * per thread. Views keep their type, offset
 * and length, and views of one buffer stay views of one shared copy. A bare
 * `ArrayBuffer` arrives as a `SharedArrayBuffer`.
 *
 * Containers on the way (arrays, plain objects, `Map`s, `Set`s) are copied shallowly
 * when something below them is replaced; the caller's own objects are never changed,
 * so writes by tasks to such a copy are not seen by the caller. Data that is already
 * in a `SharedArrayBuffer` is left as it is: it is shared both ways.
 */
export function shareLargeBuffers(args: unknown, kwargs: unknown, maxNbytes: number, pool: BufferPool<SharedArrayBuffer>): SharedArgs {
  const sharer = new Sharer(maxNbytes, pool)
  const shared = { args: sharer.share(args), kwargs: sharer.share(kwargs) }
  return { ...shared, copiedBytes: sharer.copiedBytes, release: () => sharer.release() }
}

class Sharer {
  copiedBytes = 0
  private readonly buffers = new Map<ArrayBuffer, SharedArrayBuffer>()
  private readonly releases: Array<() => void> = []
  private readonly needs = new Map<object, boolean>()
  private readonly copies = new Map<object, unknown>()

  constructor(
    private readonly maxNbytes: number,
    private readonly pool: BufferPool<SharedArrayBuffer>,
  ) {}

  release(): void {
    for (const release of this.releases.splice(0)) release()
  }

  share(value: unknown): unknown {
    return this.contains(value) ? this.copy(value as object) : value
  }

  /** Whether a large unshared buffer is reachable from `value`. */
  private contains(value: unknown): boolean {
    if (value === null || typeof value !== 'object') return false
    if (ArrayBuffer.isView(value)) return this.isLarge(value.buffer)
    if (value instanceof ArrayBuffer) return this.isLarge(value)
    const known = this.needs.get(value)
    if (known !== undefined) return known
    this.needs.set(value, false) // a cycle back here adds nothing
    let found = false
    for (const child of children(value)) if (this.contains(child)) found = true
    this.needs.set(value, found)
    return found
  }

  private copy(value: object): unknown {
    if (ArrayBuffer.isView(value)) return viewOn(value, this.sharedCopy(value.buffer as ArrayBuffer))
    if (value instanceof ArrayBuffer) return this.sharedCopy(value)
    const done = this.copies.get(value)
    if (done !== undefined) return done
    const next = (child: unknown) => (this.contains(child) ? this.copy(child as object) : child)
    if (Array.isArray(value)) {
      const out: unknown[] = []
      this.copies.set(value, out)
      for (const child of value) out.push(next(child))
      return out
    }
    if (value instanceof Map) {
      const out = new Map()
      this.copies.set(value, out)
      for (const [key, child] of value) out.set(next(key), next(child))
      return out
    }
    if (value instanceof Set) {
      const out = new Set()
      this.copies.set(value, out)
      for (const child of value) out.add(next(child))
      return out
    }
    const out: Record<string, unknown> = Object.create(Object.getPrototypeOf(value) as object | null)
    this.copies.set(value, out)
    for (const [key, child] of Object.entries(value)) out[key] = next(child)
    return out
  }

  private isLarge(buffer: ArrayBufferLike): boolean {
    return buffer instanceof ArrayBuffer && buffer.byteLength > this.maxNbytes
  }

  private sharedCopy(buffer: ArrayBuffer): SharedArrayBuffer {
    let shared = this.buffers.get(buffer)
    if (shared === undefined) {
      const copy = sharedCopyOf(buffer, this.pool)
      shared = copy.shared
      if (copy.copied) this.copiedBytes += buffer.byteLength
      this.releases.push(copy.release)
      this.buffers.set(buffer, shared)
    }
    return shared
  }
}

/** The values structured cloning would copy from a container this walk understands. */
function children(value: object): Iterable<unknown> {
  if (Array.isArray(value)) return value
  if (value instanceof Map) return [...value.keys(), ...value.values()]
  if (value instanceof Set) return value
  const proto = Object.getPrototypeOf(value)
  if (proto === Object.prototype || proto === null) return Object.values(value)
  // Class instances, dates, errors...: left alone; large buffers inside them are cloned.
  return []
}

function viewOn(view: ArrayBufferView, buffer: SharedArrayBuffer): ArrayBufferView {
  if (view instanceof DataView) return new DataView(buffer, view.byteOffset, view.byteLength)
  // The built-in constructor for the view's type; a Buffer is cloned as a Uint8Array anyway.
  const tag = Object.prototype.toString.call(view).slice(8, -1)
  const Ctor = (globalThis as unknown as Record<string, TypedArrayConstructor>)[tag]!
  const perElement = (view as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT
  return new Ctor(buffer, view.byteOffset, view.byteLength / perElement)
}
