/**
 * The thread backend: worker threads on threads.js, with shared memory.
 *
 * @packageDocumentation
 * @module @multitask/threading
 */
import './register.js'

export { threadingBackend, shutdown, poolStats, bufferPoolStats } from './pools.js'
export type { ThreadingOptions } from './options.js'
export type { PoolStats } from './pool.js'
export type { BufferPoolStats } from '@multitask/core/backend'
export { ThreadingBackend } from './threading-backend.js'
