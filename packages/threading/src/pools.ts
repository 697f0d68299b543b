import { BackendCache, BufferPool, type BufferPoolStats, type ParallelBackend } from '@multitask/core/backend'
import { parseThreadingOptions, type ParsedThreadingOptions, type ThreadingOptions } from './options.js'
import { ThreadPool, type PoolStats } from './pool.js'
import { ThreadingBackend } from './threading-backend.js'

const pools = new WeakMap<ThreadingBackend, ThreadPool>()
const bufferPools = new WeakMap<ThreadingBackend, BufferPool<SharedArrayBuffer>>()
// One backend (and pool) per distinct option set, so every call with the same options reuses the same threads.
const backends = new BackendCache((options) => {
  const parsed = options as unknown as ParsedThreadingOptions
  const pool = new ThreadPool(parsed)
  const buffers = new BufferPool({ create: (bytes) => new SharedArrayBuffer(bytes), ...parsed.bufferPool })
  const backend = new ThreadingBackend(pool, buffers)
  pools.set(backend, pool)
  bufferPools.set(backend, buffers)
  return backend
})

/**
 * The `threading` backend for these options; what `parallelBackend('threading', ...)`
 * and `forceThreading: true` use. Backends with the same options share one pool.
 *
 * @example
 * ```ts
 * import { multitask, parallelBackend } from '@multitask/core'
 * import { threadingBackend } from '@multitask/threading'
 * const backend = threadingBackend({ resourceLimits: { maxOldGenerationSizeMb: 256 } })
 * await parallelBackend(backend, { nJobs: 2 }, () => multitask((a: number[], i: number) => a[i]! + 10, [0, 1], [5, 6], null))
 * ```
 */
export function threadingBackend(options: ThreadingOptions = {}): ParallelBackend {
  const parsed = parseThreadingOptions(options as Readonly<Record<string, unknown>>)
  return backends.get(parsed as unknown as Readonly<Record<string, unknown>>)
}

/**
 * Ends every worker thread of the `threading` backend and frees the shared memory it
 * keeps for large arguments. Not needed for a program to
 * exit (idle threads never keep it alive); use it to free their memory at once, or
 * in test teardown. Calls made afterwards start new threads.
 *
 * @example
 * ```ts
 * import { shutdown } from '@multitask/threading'
 * afterAll(() => shutdown())
 * ```
 */
export async function shutdown(): Promise<void> {
  await backends.close()
}

/** How many threads the `threading` backend has, and how busy they are, summed over its pools. */
export function poolStats(): PoolStats {
  const total = { threads: 0, busy: 0, starting: 0, queued: 0 }
  for (const backend of backends.backends()) {
    const stats = pools.get(backend)!.stats()
    for (const key of Object.keys(total) as Array<keyof PoolStats>) total[key] += stats[key]
  }
  return total
}

/**
 * The shared memory the `threading` backend keeps between calls for large arguments
 * (`maxNbytes`), summed over its pools: how many buffers, their bytes, how many are
 * in use, and how often a call reused one instead of making one.
 *
 * @example
 * ```ts
 * import { bufferPoolStats } from '@multitask/threading'
 * console.log(`${bufferPoolStats().bytes / 2 ** 20} MiB kept for the next call`)
 * ```
 */
export function bufferPoolStats(): BufferPoolStats {
  const total = { buffers: 0, bytes: 0, leased: 0, created: 0, reused: 0 }
  for (const backend of backends.backends()) {
    const stats = bufferPools.get(backend)!.stats()
    for (const key of Object.keys(total) as Array<keyof BufferPoolStats>) total[key] += stats[key]
  }
  return total
}
