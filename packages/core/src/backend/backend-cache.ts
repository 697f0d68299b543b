import type { ParallelBackend, TaskCall } from './backend.js'
import { describeValue } from '../errors/describe.js'
import { outOfRange } from '../errors/argument-errors.js'
import { stableKey } from './stable-key.js'

/** Options of {@link BackendCache}. */
export interface BackendCacheOptions {
  /**
   * How many backends the cache keeps. Past it, the least recently used backend with
   * no call running is terminated and dropped; a backend with a call running is never
   * dropped, so the cache holds more than this only while such calls run.
   * @default 8
   */
  readonly max?: number
}

interface Entry<B extends ParallelBackend> {
  readonly backend: B
  readonly handle: ParallelBackend
  running: number
  /** Dropped from the cache; terminated again once a call still running on it ends. */
  dropped: boolean
}

/**
 * One backend per distinct set of options, for a backend package's registered
 * factory: every call made with equal options shares one backend (and its pool),
 * and calls made with different options never do.
 *
 * Options are equal when they hold the same data at every depth, whatever the key
 * order (`{ connection: { host: 'a' } }` and `{ connection: { host: 'b' } }` differ);
 * functions, sockets, clients and other class instances in them are compared by
 * identity. The cache is bounded ({@link BackendCacheOptions.max}), never drops a
 * backend while a call runs on it, and {@link BackendCache.close} terminates every
 * backend it holds: call it from the package's `shutdown()`.
 *
 * @typeParam B - the backends the factory makes.
 * @example
 * ```ts
 * import { BackendCache, registerParallelBackend } from '@multitask/core'
 * const backends = new BackendCache((options) => createMyBackend(options))
 * registerParallelBackend('mine', (options) => backends.get(options))
 * export const shutdown = () => backends.close()
 * ```
 */
export class BackendCache<B extends ParallelBackend = ParallelBackend> {
  private readonly max: number
  private readonly entries = new Map<string, Entry<B>>() // least recently used first
  private readonly droppedButRunning = new Set<Entry<B>>()

  /** @param create - makes the backend for options not seen yet (or seen before it was dropped). */
  constructor(
    private readonly create: (options: Readonly<Record<string, unknown>>) => B,
    options: BackendCacheOptions = {},
  ) {
    const max = options.max ?? 8
    if (!Number.isInteger(max) || max < 1) {
      throw outOfRange(`\`max\` must be a positive integer; received ${describeValue(max)}.`)
    }
    this.max = max
  }

  /**
   * The backend for `options`, made on first use. What it returns delegates to the
   * backend `create` made, and tells the cache when calls start and end on it.
   */
  get(options: Readonly<Record<string, unknown>>): ParallelBackend {
    const key = stableKey(options)
    let entry = this.entries.get(key)
    if (entry !== undefined) {
      this.entries.delete(key) // re-inserted as the most recently used
    } else {
      entry = this.track(this.create(options))
    }
    this.entries.set(key, entry)
    this.dropIdle()
    return entry.handle
  }

  /** How many backends the cache keeps now, counting dropped ones that still run a call. */
  get size(): number {
    return this.entries.size + this.droppedButRunning.size
  }

  /** The backends `create` made that the cache still holds (those with a call running included). */
  backends(): B[] {
    return [...this.entries.values(), ...this.droppedButRunning].map((entry) => entry.backend)
  }

  /**
   * Terminates every backend the cache holds. The cache stays usable: a later call
   * on one of them starts a new pool, as after `terminate()`.
   */
  async close(): Promise<void> {
    await Promise.all(this.backends().map((backend) => backend.terminate?.()))
  }

  private dropIdle(): void {
    if (this.entries.size <= this.max) return
    const newest = [...this.entries.keys()].at(-1) // the most recently used; the one `get` is about to return
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= this.max) return
      if (entry.running > 0 || key === newest) continue
      this.entries.delete(key)
      entry.dropped = true
      void Promise.resolve(entry.backend.terminate?.()).catch(() => undefined)
    }
  }

  private track(backend: B): Entry<B> {
    const started = (entry: Entry<B>) => {
      entry.running++
      if (entry.dropped) this.droppedButRunning.add(entry)
    }
    const ended = (entry: Entry<B>) => {
      if (--entry.running > 0) return
      if (!entry.dropped) {
        this.dropIdle() // the cache may have grown past `max` while this call ran
        return
      }
      this.droppedButRunning.delete(entry)
      void Promise.resolve(backend.terminate?.()).catch(() => undefined)
    }
    const handle: ParallelBackend = {
      name: backend.name,
      runsOn: backend.runsOn,
      supportsSharedMemory: backend.supportsSharedMemory,
      supportsTimeout: backend.supportsTimeout,
      takesSource: backend.takesSource,
      defaultPriority: backend.defaultPriority,
      supportsMaxTasksPerWorker: backend.supportsMaxTasksPerWorker,
      supportsWorkerMemoryLimit: backend.supportsWorkerMemoryLimit,
      runBatch: (call, batch) => backend.runBatch(call, batch),
      effectiveNJobs: (nJobs) => backend.effectiveNJobs?.(nJobs) ?? nJobs,
      warmUp: (nJobs) => backend.warmUp?.(nJobs),
      async startCall(call: TaskCall) {
        started(entry)
        try {
          await backend.startCall?.(call)
        } catch (error) {
          ended(entry) // endCall is not called after a startCall that threw
          throw error
        }
      },
      abortCall: (call, reason) => backend.abortCall?.(call, reason),
      async endCall(call: TaskCall) {
        try {
          await backend.endCall?.(call)
        } finally {
          ended(entry)
        }
      },
      terminate: async () => backend.terminate?.(),
    }
    const entry: Entry<B> = { backend, handle, running: 0, dropped: false }
    return entry
  }
}
