/**
 * In a worker: rebuilds `args` and `kwargs` as the caller passed them, from the
 * markers shared-args.ts swapped in, mapping each segment (or reading it).
 */
import { Buffer } from 'node:buffer'
import { closeSync, openSync, readSync } from 'node:fs'
import { FILE, SAB, hasSharedData, isPlainObject, isRecord, type FileMarker } from './arg-markers.js'
import type { KeptMappings } from './kept-mappings.js'

/**
 * Rebuilds `value` (args or kwargs as the worker received them), each segment once:
 * mapped through `mappings` when the worker can map files, else read into memory.
 */
export function unshareLargeData(value: unknown, mappings?: KeptMappings): unknown {
  if (!hasSharedData(value)) return value
  mappings?.retain(value.live)
  const memo = new Map<object, unknown>()
  const walk = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v) || v instanceof ArrayBuffer) return v
    const known = memo.get(v)
    if (known !== undefined) return known
    let result: unknown = v
    if (isRecord(v) && v[FILE] === 1) result = readMarker(v as unknown as FileMarker, mappings)
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

function readMarker(marker: FileMarker, mappings: KeptMappings | undefined): unknown {
  const buffer = marker.kind !== 'SharedArrayBuffer' && mappings !== undefined
    ? mapOrRead(marker, mappings)
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

function mapOrRead(marker: FileMarker, mappings: KeptMappings): ArrayBuffer {
  try {
    return mappings.map(marker.path, marker.byteLength, marker.kept)
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
