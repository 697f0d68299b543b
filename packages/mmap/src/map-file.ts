import { binding } from './binding.js'

/**
 * Whether {@link mapFile} works in this process. When it does not, `reason` says why
 * (callers fall back to reading the file).
 */
export function mapFileSupport(): { readonly available: true } | { readonly available: false; readonly reason: string } {
  const loaded = binding()
  return loaded instanceof Error ? { available: false, reason: loaded.message.trim().replace(/\s*\n\s*/g, '; ') } : { available: true }
}

/**
 * An `ArrayBuffer` over the first `byteLength` bytes of the file at `path`, mapped
 * privately: pages are read from the file as they are touched (no copy up front, and
 * a file in RAM-backed storage such as `/dev/shm` shares its pages with every process
 * that maps it), while writes to the buffer stay in this process and never reach the
 * file. The file may be removed once this returns; the mapping lasts until the buffer
 * is garbage-collected.
 *
 * @throws Error with `code` (`ENOENT`, ...) when the file cannot be opened or mapped;
 *   RangeError when it is shorter than `byteLength`; Error when the addon is not
 *   available (check {@link mapFileSupport} first).
 *
 * @example
 * ```ts
 * import { mapFile } from '@multitask/mmap'
 * const data = new Float64Array(mapFile('/dev/shm/data.bin', 8 * 1024))
 * ```
 */
export function mapFile(path: string, byteLength: number): ArrayBuffer {
  if (!Number.isSafeInteger(byteLength) || byteLength < 0) {
    throw new RangeError(`mapFile: byteLength must be a non-negative integer; received ${String(byteLength)}.`)
  }
  const loaded = binding()
  if (loaded instanceof Error) throw new Error(`mapFile is not available here: ${loaded.message}`, { cause: loaded })
  // mmap refuses empty mappings; an empty buffer needs no file.
  if (byteLength === 0) return new ArrayBuffer(0)
  return loaded.mapFile(path, byteLength)
}
