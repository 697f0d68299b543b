/**
 * `maxNbytes`: binary data in `args`/`kwargs` larger than the threshold is written
 * once per call to a shared-memory segment, and each worker maps it from there,
 * instead of receiving it through the pipe with every worker's payload. Segments are
 * kept between calls (see shm-segments.ts). The values are swapped for small markers;
 * the rest of `args` travels as usual.
 */
import { Buffer } from 'node:buffer'
import type { BufferLease, LeaseOrigin } from '@multitask/core/backend'
import { ENVELOPE, FILE, SAB, type FileMarker, type SabMarker, type SharedEnvelope } from './arg-markers.js'
import type { Segment, SharedSegments } from './shm-segments.js'
import { binarySwapper } from './swap-binaries.js'

type Binary = ArrayBuffer | SharedArrayBuffer | ArrayBufferView

/** `args` and `kwargs` ready to encode, and the segments to fill before any worker reads them. */
export interface SharedArgs {
  readonly args: unknown
  readonly kwargs: unknown
  /** Fills the segments; on failure they are released. */
  write(): Promise<void>
  /** Hands the call's segments back to the pool; never throws. */
  release(): void
}

/**
 * Swaps binary data larger than `maxNbytes` (and every bare `SharedArrayBuffer`) in
 * `args` and `kwargs`, searching plain objects, arrays, Maps and Sets, for markers of
 * segments leased from `segments` for this call. The caller's objects are never
 * modified: containers on the way to a swapped value are copied.
 */
export function shareLargeData(args: unknown, kwargs: unknown, maxNbytes: number | null, segments: SharedSegments): SharedArgs {
  const pending: Array<{ segment: Segment; data: Binary; origin: LeaseOrigin }> = []
  const leases: Array<BufferLease<Segment>> = []
  const release = () => {
    for (const lease of leases.splice(0)) lease.release()
  }

  const binary = (value: Binary): unknown => {
    const size = value.byteLength
    if (maxNbytes !== null && size > maxNbytes) {
      // Leased by the buffer the bytes come from: a later call over it gets the same segment.
      const lease = segments.pool.acquire(size, ArrayBuffer.isView(value) ? value.buffer : value)
      leases.push(lease)
      pending.push({ segment: lease.buffer, data: value, origin: lease.origin })
      const marker: FileMarker = { [FILE]: 1, path: lease.buffer.path, kind: kindOf(value), byteLength: size, kept: lease.pooled }
      return marker
    }
    if (value instanceof SharedArrayBuffer) return { [SAB]: new Uint8Array(value).slice() } satisfies SabMarker
    return value
  }

  const walk = binarySwapper((value) => binary(value as Binary))

  let swappedArgs: unknown, swappedKwargs: unknown
  try {
    swappedArgs = walk(args)
    swappedKwargs = walk(kwargs)
  } catch (error) {
    release() // a segment that could not be made: give back those that were
    throw error
  }
  const live = pending.length > 0 ? segments.livePaths() : []
  const wrap = (value: unknown, swapped: unknown): unknown =>
    swapped === value ? value : ({ [ENVELOPE]: 1, value: swapped, live } satisfies SharedEnvelope)
  const sharedArgs = wrap(args, swappedArgs)
  const sharedKwargs = wrap(kwargs, swappedKwargs)
  return {
    args: sharedArgs,
    kwargs: sharedKwargs,
    async write() {
      try {
        await Promise.all(pending.map(({ segment, data, origin }) => segments.fill(segment, bytesOf(data), origin)))
      } catch (error) {
        release()
        throw error
      }
    },
    release,
  }
}

function kindOf(value: Binary): string {
  if (Buffer.isBuffer(value)) return 'Buffer'
  return value.constructor.name
}

function bytesOf(value: Binary): Uint8Array {
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
  return new Uint8Array(value)
}
