import { Buffer } from 'node:buffer'
import { closeSync, ftruncateSync, openSync, rmSync, write } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { BufferPool, type BufferPoolStats, type LeaseOrigin } from '@multitask/core/backend'
import { loadFileMapper, type FileMapper } from './file-mapper.js'
import { createTempFolder, forgetTempFolder } from './temp-folder.js'

const writeAt = promisify(write)

/** A shared-memory file of a fixed size that workers map. */
export interface Segment {
  readonly path: string
  readonly byteLength: number
  /** This process's shared, writable mapping of the file, once made. */
  bytes: Uint8Array | undefined
  /** The open file, until it is mapped (or for good, where nothing maps). */
  fd: number | undefined
}

/**
 * The shared-memory files of one loky backend, kept between calls in a
 * {@link BufferPool}: a call over new data of the same size as an earlier call's
 * rewrites a kept file in place (its pages are already allocated, and the workers
 * keep their mappings of it) instead of writing a new one. This process writes
 * through a shared mapping of each file when `@multitask/mmap` loads (a copy in user
 * space, and a file's pages then count in its memory), else with `write`. Files live
 * in one private folder (mode 0700, in `/dev/shm` when it has room), made with the
 * first file and removed with the last; the folder is removed at exit too, and by the
 * workers if this process dies first (see orphan-watchdog.ts).
 */
export class SharedSegments {
  readonly pool: BufferPool<Segment>
  private folder: string | undefined
  private readonly live = new Map<string, Segment>()
  private count = 0
  private loaded: FileMapper | undefined

  constructor(settings: { readonly maxBytes: number; readonly idleMs: number }) {
    this.pool = new BufferPool({ create: (bytes) => this.create(bytes), destroy: (segment) => this.destroy(segment), ...settings })
  }

  /** Paths of the files that exist now (kept or leased). */
  livePaths(): string[] {
    return [...this.live.keys()]
  }

  stats(): BufferPoolStats {
    return this.pool.stats()
  }

  /** Removes every idle file now; leased ones go when their call ends. */
  clear(): void {
    this.pool.clear()
  }

  /**
   * Fills a leased segment with `bytes`. A segment last filled from the same source
   * is compared first (reading both costs less than writing), and left as it is when
   * nothing changed (only through the mapping: where nothing maps, it is rewritten).
   */
  async fill(segment: Segment, bytes: Uint8Array, origin: LeaseOrigin): Promise<void> {
    if (segment.bytes !== undefined) {
      const view = Buffer.from(segment.bytes.buffer, segment.bytes.byteOffset, segment.bytes.byteLength)
      if (origin !== 'same-source' || !view.equals(bytes)) view.set(bytes)
      return
    }
    // The first fill goes through `write`: a full /dev/shm is then an ENOSPC error, where
    // a first write through a mapping would kill the process with SIGBUS. Once every page
    // exists, writing through the mapping allocates nothing.
    for (let offset = 0; offset < bytes.byteLength; ) {
      const { bytesWritten } = await writeAt(segment.fd!, bytes, offset, bytes.byteLength - offset, offset)
      offset += bytesWritten
    }
    // Loaded with the first large argument: calls without one never load the addon.
    this.loaded = await loadFileMapper()
    if (this.loaded !== undefined && segment.bytes === undefined && segment.fd !== undefined) {
      segment.bytes = new Uint8Array(this.loaded.mapFile(segment.path, segment.byteLength, { shared: true }))
      closeSync(segment.fd)
      segment.fd = undefined
    }
  }

  private create(byteLength: number): Segment {
    this.folder ??= createTempFolder(byteLength)
    const path = join(this.folder, `${this.count++}.bin`)
    const fd = openSync(path, 'wx+', 0o600)
    try {
      ftruncateSync(fd, byteLength)
    } catch (error) {
      closeSync(fd)
      rmSync(path, { force: true })
      throw error
    }
    const segment: Segment = { path, byteLength, bytes: undefined, fd }
    this.live.set(path, segment)
    return segment
  }

  private destroy(segment: Segment): void {
    this.live.delete(segment.path)
    // Unmapped now: a freed segment's memory must not wait for a garbage collection.
    if (segment.bytes !== undefined) this.loaded?.unmap(segment.bytes.buffer as ArrayBuffer)
    if (segment.fd !== undefined) closeSync(segment.fd)
    segment.bytes = undefined
    segment.fd = undefined
    rmSync(segment.path, { force: true })
    if (this.live.size === 0 && this.folder !== undefined) {
      forgetTempFolder(this.folder)
      rmSync(this.folder, { recursive: true, force: true })
      this.folder = undefined
    }
  }
}
