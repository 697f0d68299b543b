import { binding } from './binding.js'

/**
 * Whether {@link mapFile} works in this process. When it does not, `reason` says why
 * (callers fall back to reading the file).
 */
export function mapFileSupport(): { readonly available: true } | { readonly available: false; readonly reason: string } {
  const loaded = binding()
  return loaded instanceof Error ? { available: false, reason: loaded.message.trim().replace(/\s*\n\s*/g, '; ') } : { available: true }
}

/** Options of {@link mapFile}. */
export interface MapFileOptions {
  /**
   * Map the file shared and writable: writes to the buffer reach the file and every
   * other mapping of it (the file must be writable). For a process that fills a file
   * other processes map.
   * @default false (private: writes stay in this process)
   * @example { shared: true }
   */
  readonly shared?: boolean
}

/**
 * An `ArrayBuffer` over the first `byteLength` bytes of the file at `path`, mapped
 * privately: pages are read from the file as they are touched (no copy up front, and
 * a file in RAM-backed storage such as `/dev/shm` shares its pages with every process
 * that maps it), while writes to the buffer stay in this process and never reach the
 * file (unless `options.shared`). The file may be removed once this returns; the
 * mapping lasts until the buffer is garbage-collected, or {@link unmap}ped.
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
export function mapFile(path: string, byteLength: number, options: MapFileOptions = {}): ArrayBuffer {
  if (!Number.isSafeInteger(byteLength) || byteLength < 0) {
    throw new RangeError(`mapFile: byteLength must be a non-negative integer; received ${String(byteLength)}.`)
  }
  const loaded = binding()
  if (loaded instanceof Error) throw new Error(`mapFile is not available here: ${loaded.message}`, { cause: loaded })
  // mmap refuses empty mappings; an empty buffer needs no file.
  if (byteLength === 0) return new ArrayBuffer(0)
  return loaded.mapFile(path, byteLength, options.shared === true)
}

/**
 * Unmaps a buffer that {@link mapFile} returned now, instead of when it is
 * garbage-collected: the buffer (and every view of it) becomes detached, empty.
 *
 * @throws TypeError when `buffer` is not a mapping made by {@link mapFile} (and still mapped).
 *
 * @example
 * ```ts
 * import { mapFile, unmap } from '@multitask/mmap'
 * const buffer = mapFile('/dev/shm/data.bin', 8 * 1024)
 * unmap(buffer) // buffer.byteLength is now 0
 * ```
 */
export function unmap(buffer: ArrayBuffer): void {
  const loaded = binding()
  if (loaded instanceof Error) throw new Error(`unmap is not available here: ${loaded.message}`, { cause: loaded })
  if (buffer.byteLength === 0) return // mapFile's empty buffers map nothing
  loaded.unmap(buffer)
}

/**
 * Drops this process's writes to a buffer that {@link mapFile} returned, so that it
 * shows the file's bytes as they are now, as a new mapping would. Pages the process
 * did not write still show the file as it changes (they are the file's own pages);
 * pages it wrote are private copies that keep the old bytes until dropped. Keeping a
 * mapping and calling this before each reuse saves what a new mapping costs: one page
 * fault for the first touch of every page. Returns how many pages were dropped.
 *
 * On Linux only the written pages are dropped (found in `/proc/self/pagemap`);
 * elsewhere every page is, and is read again from the file as it is touched.
 *
 * @throws TypeError when `buffer` is not a mapping made by {@link mapFile} (and still
 *   mapped); Error when the addon is not available.
 *
 * @example
 * ```ts
 * import { discardWrites, mapFile } from '@multitask/mmap'
 * const data = new Float64Array(mapFile('/dev/shm/data.bin', 8 * 1024))
 * data[0] = 42 // private to this process
 * discardWrites(data.buffer as ArrayBuffer) // data[0] is the file's again
 * ```
 */
export function discardWrites(buffer: ArrayBuffer): number {
  const loaded = binding()
  if (loaded instanceof Error) throw new Error(`discardWrites is not available here: ${loaded.message}`, { cause: loaded })
  if (buffer.byteLength === 0) return 0 // mapFile's empty buffers map nothing
  return loaded.discardWrites(buffer)
}
