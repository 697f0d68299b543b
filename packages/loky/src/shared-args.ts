/**
 * `maxNbytes`: binary data in `args`/`kwargs` larger than the threshold is written
 * once per call to a private temp folder, and each worker maps it (or reads it) from
 * there once, instead of receiving it through the pipe with every worker's payload.
 * The values are swapped for small markers; the rest of `args` travels as usual.
 */
import { Buffer } from 'node:buffer'
import { openSync, readSync, closeSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { join } from 'node:path'
import type { MapFile } from './file-mapper.js'
import { createTempFolder, removeTempFolder } from './temp-folder.js'

const FILE = '__multitaskSharedFile__'
const SAB = '__multitaskSharedArrayBuffer__'
const ENVELOPE = '__multitaskSharedArgs__'

type Binary = ArrayBuffer | SharedArrayBuffer | ArrayBufferView

/** A binary value in a file: how to rebuild it. */
interface FileMarker {
  readonly [FILE]: 1
  readonly path: string
  /** Constructor name: `ArrayBuffer`, `SharedArrayBuffer`, `Buffer`, `DataView` or a typed array. */
  readonly kind: string
  readonly byteLength: number
}

/** A small SharedArrayBuffer, copied: V8's serializer refuses a bare one. */
interface SabMarker {
  readonly [SAB]: Uint8Array
}

/** `args` and `kwargs` ready to encode, and the files to write before any worker reads them. */
export interface SharedArgs {
  readonly args: unknown
  readonly kwargs: unknown
  /** The call's folder, when anything went to files. */
  readonly folder: string | undefined
  /** Writes the files; on failure the folder is removed. */
  write(): Promise<void>
  /** Removes the folder; never throws. */
  release(): Promise<void>
}

/**
 * Swaps binary data larger than `maxNbytes` (and every bare `SharedArrayBuffer`) in
 * `args` and `kwargs`, searching plain objects, arrays, Maps and Sets. The caller's
 * objects are never modified: containers on the way to a swapped value are copied.
 */
export function shareLargeData(args: unknown, kwargs: unknown, maxNbytes: number | null): SharedArgs {
  const pending: Array<{ path: string; data: Binary }> = []
  let folder: string | undefined
  let count = 0
  const memo = new Map<object, unknown>()

  const binary = (value: Binary): unknown => {
    const size = value.byteLength
    if (maxNbytes !== null && size > maxNbytes) {
      folder ??= createTempFolder(totalBinaryBytes(args) + totalBinaryBytes(kwargs))
      const path = join(folder, `${count++}.bin`)
      pending.push({ path, data: value })
      const marker: FileMarker = { [FILE]: 1, path, kind: kindOf(value), byteLength: size }
      return marker
    }
    if (value instanceof SharedArrayBuffer) return { [SAB]: new Uint8Array(value).slice() } satisfies SabMarker
    return value
  }

  const walk = (value: unknown): unknown => {
    if (value === null || typeof value !== 'object') return value
    const known = memo.get(value)
    if (known !== undefined) return known
    memo.set(value, value) // a cycle back to here keeps the original
    let result: unknown = value
    if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer || value instanceof SharedArrayBuffer) {
      result = binary(value as Binary)
    } else if (Array.isArray(value)) {
      const copy = value.map(walk)
      if (copy.some((v, i) => v !== value[i])) result = copy
    } else if (value instanceof Map) {
      const original = [...value]
      const entries = original.map(([k, v]) => [walk(k), walk(v)] as const)
      if (entries.some(([k, v], i) => k !== original[i]![0] || v !== original[i]![1])) result = new Map(entries)
    } else if (value instanceof Set) {
      const original = [...value]
      const items = original.map(walk)
      if (items.some((v, i) => v !== original[i])) result = new Set(items)
    } else if (isPlainObject(value)) {
      let copy: Record<string, unknown> | undefined
      for (const key of Object.keys(value)) {
        const v = (value as Record<string, unknown>)[key]
        const w = walk(v)
        if (w !== v) (copy ??= { ...value })[key] = w
      }
      if (copy !== undefined) result = copy
    }
    memo.set(value, result)
    return result
  }

  const wrap = (value: unknown): unknown => {
    const swapped = walk(value)
    return swapped === value ? value : { [ENVELOPE]: 1, value: swapped }
  }
  const sharedArgs = wrap(args)
  const sharedKwargs = wrap(kwargs)
  const release = async () => {
    if (folder !== undefined) await removeTempFolder(folder)
  }
  return {
    args: sharedArgs,
    kwargs: sharedKwargs,
    folder,
    async write() {
      try {
        await Promise.all(pending.map(({ path, data }) => writeWhole(path, bytesOf(data))))
      } catch (error) {
        await release()
        throw error
      }
    },
    release,
  }
}

/**
 * Writes `bytes` to a new file (mode 0600) with as few system calls as the OS allows:
 * `fs.promises.writeFile` would cut it into 512 KiB writes, a thread-pool round trip
 * each, which costs a third more time on 64 MiB.
 */
async function writeWhole(path: string, bytes: Uint8Array): Promise<void> {
  const file = await open(path, 'wx', 0o600)
  try {
    for (let offset = 0; offset < bytes.byteLength; ) {
      const { bytesWritten } = await file.write(bytes, offset, bytes.byteLength - offset, offset)
      offset += bytesWritten
    }
  } finally {
    await file.close()
  }
}

/** Whether `value` (args or kwargs as a worker receives them) had values swapped out by {@link shareLargeData}. */
export function hasSharedData(value: unknown): value is { value: unknown } {
  return isRecord(value) && value[ENVELOPE] === 1
}

/**
 * In a worker: rebuilds `value` as the caller passed it, mapping each file with
 * `mapFile` when given (else reading it), once.
 */
export function unshareLargeData(value: unknown, mapFile?: MapFile): unknown {
  if (!hasSharedData(value)) return value
  const memo = new Map<object, unknown>()
  const walk = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v) || v instanceof ArrayBuffer) return v
    const known = memo.get(v)
    if (known !== undefined) return known
    let result: unknown = v
    if (isRecord(v) && v[FILE] === 1) result = readMarker(v as unknown as FileMarker, mapFile)
    else if (isRecord(v) && v[SAB] instanceof Uint8Array) result = toSharedArrayBuffer(v[SAB] as Uint8Array)
    memo.set(v, result)
    if (result !== v) return result
    // Decoded values are ours, so containers are patched in place.
    if (Array.isArray(v)) for (let i = 0; i < v.length; i++) v[i] = walk(v[i])
    else if (v instanceof Map) {
      const entries = [...v].map(([k, x]) => [walk(k), walk(x)] as const)
      v.clear()
      for (const [k, x] of entries) v.set(k, x)
    } else if (v instanceof Set) {
      const items = [...v].map(walk)
      v.clear()
      for (const x of items) v.add(x)
    } else if (isPlainObject(v)) for (const key of Object.keys(v)) (v as Record<string, unknown>)[key] = walk((v as Record<string, unknown>)[key])
    return v
  }
  return walk(value.value)
}

function readMarker(marker: FileMarker, mapFile: MapFile | undefined): unknown {
  const buffer = marker.kind !== 'SharedArrayBuffer' && mapFile !== undefined
    ? mapOrRead(marker, mapFile)
    : readFile(marker, marker.kind === 'SharedArrayBuffer' ? new SharedArrayBuffer(marker.byteLength) : new ArrayBuffer(marker.byteLength))
  switch (marker.kind) {
    case 'ArrayBuffer':
    case 'SharedArrayBuffer':
      return buffer
    case 'Buffer':
      return Buffer.from(buffer)
    case 'DataView':
      return new DataView(buffer)
    default: {
      const View = (globalThis as unknown as Record<string, new (b: ArrayBufferLike) => unknown>)[marker.kind]
      return View === undefined ? new Uint8Array(buffer) : new View(buffer)
    }
  }
}

function mapOrRead(marker: FileMarker, mapFile: MapFile): ArrayBuffer {
  try {
    return mapFile(marker.path, marker.byteLength)
  } catch {
    // A file system that cannot map (or any other refusal) still lets the file be read;
    // a file that cannot be read either fails there, with the reader's error.
    return readFile(marker, new ArrayBuffer(marker.byteLength))
  }
}

function readFile<B extends ArrayBufferLike>(marker: FileMarker, buffer: B): B {
  const target = new Uint8Array(buffer)
  const fd = openSync(marker.path, 'r')
  try {
    let offset = 0
    while (offset < target.length) {
      const read = readSync(fd, target, offset, target.length - offset, offset)
      if (read === 0) throw new Error(`The shared argument file ${marker.path} ended after ${offset} of ${target.length} bytes.`)
      offset += read
    }
  } finally {
    closeSync(fd)
  }
  return buffer
}

function toSharedArrayBuffer(bytes: Uint8Array): SharedArrayBuffer {
  const shared = new SharedArrayBuffer(bytes.byteLength)
  new Uint8Array(shared).set(bytes)
  return shared
}

function kindOf(value: Binary): string {
  if (Buffer.isBuffer(value)) return 'Buffer'
  return value.constructor.name
}

function bytesOf(value: Binary): Uint8Array {
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
  return new Uint8Array(value)
}

/** Bytes of binary data reachable in `value`: how much room the temp folder needs at most. */
function totalBinaryBytes(value: unknown, seen = new Set<object>()): number {
  if (value === null || typeof value !== 'object' || seen.has(value)) return 0
  seen.add(value)
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer || value instanceof SharedArrayBuffer) return value.byteLength
  let total = 0
  const children = Array.isArray(value) || value instanceof Set ? [...value] : value instanceof Map ? [...value.keys(), ...value.values()] : isPlainObject(value) ? Object.values(value) : []
  for (const child of children) total += totalBinaryBytes(child, seen)
  return total
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}
