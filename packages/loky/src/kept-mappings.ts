import { dirname } from 'node:path'
import type { FileMapper } from './file-mapper.js'
import { noteParentFolder } from './orphan-watchdog.js'

/**
 * A worker's mappings of the parent's kept segments, kept from call to call: a new
 * mapping costs a page fault for the first touch of every page (for 64 MiB, tens of
 * milliseconds in each worker), a kept one costs {@link FileMapper.discardWrites},
 * which drops the pages a task of an earlier call wrote (its private copies) so the
 * mapping shows the segment as the parent has just rewritten it. Pages nobody wrote
 * are the segment's own and show the new bytes as they are. A call's segments are
 * never rewritten while one of its tasks runs (the parent leases a segment to one call
 * at a time and waits for the call's end), so no task sees bytes change under it.
 */
export class KeptMappings {
  private readonly kept = new Map<string, ArrayBuffer>()

  constructor(private readonly mapper: FileMapper) {}

  /** Drops mappings of segments the parent no longer has (their memory goes when unreferenced). */
  retain(live: readonly string[]): void {
    for (const path of this.kept.keys()) if (!live.includes(path)) this.kept.delete(path)
  }

  /** The segment at `path`, as a new call must see it; kept for later calls when `keep`. */
  map(path: string, byteLength: number, keep: boolean): ArrayBuffer {
    const mapped = this.kept.get(path)
    if (mapped !== undefined && mapped.byteLength === byteLength) {
      this.mapper.discardWrites(mapped)
      return mapped
    }
    const buffer = this.mapper.mapFile(path, byteLength)
    if (keep) this.kept.set(path, buffer)
    else this.kept.delete(path)
    noteParentFolder(dirname(path))
    return buffer
  }
}
