/**
 * How large binary arguments travel to loky's workers: the parent swaps each for a
 * marker that names the shared-memory segment holding its bytes (see shared-args.ts),
 * and each worker swaps the markers back (see unshare-args.ts).
 */

export const FILE = '__multitaskSharedFile__'
export const SAB = '__multitaskSharedArrayBuffer__'
export const ENVELOPE = '__multitaskSharedArgs__'

/** A binary value in a segment file: how to rebuild it. */
export interface FileMarker {
  readonly [FILE]: 1
  readonly path: string
  /** Constructor name: `ArrayBuffer`, `SharedArrayBuffer`, `Buffer`, `DataView` or a typed array. */
  readonly kind: string
  readonly byteLength: number
  /** The segment is kept for later calls: a worker may keep its mapping too. */
  readonly kept: boolean
}

/** A small SharedArrayBuffer, copied: V8's serializer refuses a bare one. */
export interface SabMarker {
  readonly [SAB]: Uint8Array
}

/** `args` or `kwargs` with values swapped for markers. */
export interface SharedEnvelope {
  readonly [ENVELOPE]: 1
  readonly value: unknown
  /** Paths of every segment the parent keeps now: a worker drops its mappings of others. */
  readonly live: readonly string[]
}

/** Whether `value` (args or kwargs as a worker receives them) had values swapped out for markers. */
export function hasSharedData(value: unknown): value is SharedEnvelope {
  return isRecord(value) && value[ENVELOPE] === 1
}

export function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}
