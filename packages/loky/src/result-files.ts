/**
 * Large result buffers through shared memory: a worker writes each typed array,
 * `Buffer` or `ArrayBuffer` of at least {@link RESULT_FILE_MIN_BYTES} in a batch's
 * results to a file in `/dev/shm` (where loky's arguments go) and sends a marker in its
 * place; the parent maps the file (or reads it, where `@multitask/mmap` does not load),
 * removes it at once, and puts the buffer back. The bytes are copied once, instead of
 * being serialized, piped in 64 KiB pieces, gathered and deserialized.
 */
import { Buffer } from 'node:buffer'
import { closeSync, openSync, readSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { isPlainObject, isRecord } from './arg-markers.js'
import { binarySwapper } from './swap-binaries.js'
import type { BatchReply } from './wire.js'
import type { FileMapper } from './file-mapper.js'

/** Buffers smaller than this travel through the pipe as before. */
export const RESULT_FILE_MIN_BYTES = 256 * 1024

const RESULT_FILE = '__multitaskResultFile__'

interface ResultMarker {
  readonly [RESULT_FILE]: 1
  readonly path: string
  readonly kind: string
  readonly byteLength: number
}

type Binary = ArrayBuffer | ArrayBufferView
let written = 0
// Where this worker has written result files: searched for leftovers if the parent dies.
const bases = new Set<string>()

/**
 * In a worker: `results` with every large buffer written to a file in `base` (a
 * folder the parent chose, so it can read and remove them whatever its permissions)
 * and swapped for a marker (containers on the way are copied, the task's own objects
 * are left alone), or `results` itself when none is large. Files are named after the
 * parent and this worker, so the parent's sweep of dead processes' folders and
 * {@link removeResultFiles} find the ones nobody read.
 */
export function writeLargeResults(results: unknown[], base: string): { results: unknown[]; paths: string[] } {
  const paths: string[] = []
  const walk = binarySwapper((value) => {
    // Shared memory is not copied into files: as before, it travels as the pipe carries it.
    if (value instanceof SharedArrayBuffer || value.byteLength < RESULT_FILE_MIN_BYTES) return value
    const bytes = ArrayBuffer.isView(value) ? new Uint8Array(value.buffer, value.byteOffset, value.byteLength) : new Uint8Array(value)
    if (bytes.buffer instanceof SharedArrayBuffer) return value
    const path = join(base, `multitask-${process.ppid}-r${process.pid}-${written++}.bin`)
    bases.add(base)
    writeFileSync(path, bytes, { flag: 'wx', mode: 0o600 })
    paths.push(path)
    return { [RESULT_FILE]: 1, path, kind: kindOf(value), byteLength: bytes.byteLength } satisfies ResultMarker
  })
  try {
    const out = results.map(walk)
    return { results: paths.length === 0 ? results : out, paths }
  } catch {
    // No room, no permission: the results go through the pipe, as small ones do.
    for (const path of paths) rmSync(path, { force: true })
    return { results, paths: [] }
  }
}

/**
 * In the parent: puts back every buffer a worker wrote to a file, in place (decoded
 * values are ours), mapping each file with `mapper` when given (the caller's buffer is
 * then a private mapping: no copy, and its writes stay its own) or reading it, and
 * removes the file.
 */
export function readLargeResults(results: unknown[], mapper: FileMapper | undefined): void {
  const markers = new Map<object, unknown>()
  const seen = new Set<object>()
  // Each pass visits what structured cloning copies; markers are found, then replaced.
  const visit = (value: unknown, replace: boolean): unknown => {
    if (isRecord(value) && value[RESULT_FILE] === 1) {
      if (!replace) markers.set(value, undefined)
      return replace ? markers.get(value) : value
    }
    if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value) || seen.has(value)) return value
    seen.add(value)
    if (Array.isArray(value)) for (let i = 0; i < value.length; i++) value[i] = visit(value[i], replace)
    else if (value instanceof Map) {
      const entries = [...value].map(([k, v]) => [visit(k, replace), visit(v, replace)] as const)
      value.clear()
      for (const [k, v] of entries) value.set(k, v)
    } else if (value instanceof Set) {
      const items = [...value].map((item) => visit(item, replace))
      value.clear()
      for (const item of items) value.add(item)
    } else if (isPlainObject(value)) for (const key of Object.keys(value)) (value as Record<string, unknown>)[key] = visit((value as Record<string, unknown>)[key], replace)
    return value
  }
  for (const result of results) visit(result, false)
  try {
    for (const marker of markers.keys()) {
      const { path, kind, byteLength } = marker as unknown as ResultMarker
      markers.set(marker, rebuild(kind, mapper !== undefined ? mapOrRead(path, byteLength, mapper) : readWhole(path, byteLength)))
    }
  } finally {
    // A mapping outlives its file; a failed read leaves nothing behind either.
    for (const marker of markers.keys()) rmSync((marker as unknown as ResultMarker).path, { force: true })
  }
  seen.clear()
  for (let i = 0; i < results.length; i++) results[i] = visit(results[i], true)
}

function mapOrRead(path: string, byteLength: number, mapper: FileMapper): ArrayBuffer {
  try {
    return mapper.mapFile(path, byteLength)
  } catch {
    return readWhole(path, byteLength)
  }
}

/** In a worker whose parent died: removes the result files it wrote that the parent never read. */
export function removeResultFiles(parentPid: number): void {
  const mine = `multitask-${parentPid}-r${process.pid}-`
  for (const base of bases) {
    try {
      for (const name of readdirSync(base)) if (name.startsWith(mine)) unlinkSync(join(base, name))
    } catch {
      // Nothing to remove, or nothing readable: the next process's sweep removes what is left.
    }
  }
}

function readWhole(path: string, byteLength: number): ArrayBuffer {
  const buffer = new ArrayBuffer(byteLength)
  const target = new Uint8Array(buffer)
  const fd = openSync(path, 'r')
  try {
    for (let offset = 0; offset < target.length; ) {
      const read = readSync(fd, target, offset, target.length - offset, offset)
      if (read === 0) throw new Error(`The result file ${path} ended after ${offset} of ${target.length} bytes.`)
      offset += read
    }
  } finally {
    closeSync(fd)
  }
  return buffer
}

function rebuild(kind: string, buffer: ArrayBuffer): unknown {
  if (kind === 'ArrayBuffer') return buffer
  if (kind === 'Buffer') return Buffer.from(buffer)
  if (kind === 'DataView') return new DataView(buffer)
  const View = (globalThis as unknown as Record<string, new (b: ArrayBufferLike) => unknown>)[kind]
  return View === undefined ? new Uint8Array(buffer) : new View(buffer)
}

function kindOf(value: Binary): string {
  if (Buffer.isBuffer(value)) return 'Buffer'
  return value.constructor.name
}

/** A reply whose results had large buffers written to files: the parent reads them back. */
export type ReplyWithFiles = BatchReply & { readonly resultFiles: true }

/**
 * In a worker: the reply to send, with large result buffers in files in `base` (none
 * when the parent named no folder); `paths` to remove if it cannot be sent.
 */
export function withResultFiles(reply: BatchReply, base: string | undefined): { reply: BatchReply; paths: string[] } {
  const results = reply.kind === 'done' ? reply.results : reply.kind === 'fallback' ? reply.finished?.results : undefined
  if (results === undefined || base === undefined) return { reply, paths: [] }
  const moved = writeLargeResults(results, base)
  if (moved.paths.length === 0) return { reply, paths: [] }
  const replaced: BatchReply =
    reply.kind === 'done' ? { ...reply, results: moved.results } : reply.kind === 'fallback' ? { ...reply, finished: { ...reply.finished, results: moved.results } } : reply
  return { reply: { ...replaced, resultFiles: true } as ReplyWithFiles, paths: moved.paths }
}

/** In the parent: whether `reply` has result files to read back with {@link readReplyFiles}. */
export function hasResultFiles(reply: BatchReply): reply is ReplyWithFiles {
  return (reply as Partial<ReplyWithFiles>).resultFiles === true
}

/** In the parent: reads back the buffers of a reply's result files, in place. */
export function readReplyFiles(reply: ReplyWithFiles, mapper: FileMapper | undefined): void {
  const results = reply.kind === 'done' ? reply.results : reply.kind === 'fallback' ? reply.finished?.results : undefined
  if (results !== undefined) readLargeResults(results, mapper)
}
