/**
 * For backend authors: the backend interface, the registry's discovery convention, the
 * parent side of the batch protocol (shipping, batching), the worker runtime, an
 * options-keyed backend cache, a pool of reusable buffers for large arguments, a
 * shutdown registry and the conformance kit. Users of
 * multitask need only `@multitask/core`.
 *
 * @packageDocumentation
 * @module @multitask/core/backend
 */
export type {
  ParallelBackend,
  BackendCapabilities,
  RunsOn,
  BackendFactory,
  BatchOutcome,
  TaskBatch,
  TaskCall,
} from './backend.js'
export { BACKEND_CANDIDATES, findBackend, type BackendCandidate } from './discovery.js'
export { registerShutdown, shutdownBackends } from './shutdown.js'
export { BackendCache, type BackendCacheOptions } from './backend-cache.js'
export { BufferPool, type BufferPoolOptions, type BufferLease, type BufferPoolStats, type LeaseOrigin } from './buffer-pool.js'
export { parseBufferPoolSettings, BUFFER_POOL_DEFAULTS, BUFFER_POOL_OPTIONS, type BufferPoolSettings } from './buffer-pool-options.js'
export { encodeCall, sendBatch, replyToOutcome, unshippableReason } from './shipping.js'
export { callFromPayload, outcomeToReply, errorToReply } from './relay.js'
export type { BatchReply, BatchRequest, CallPayload, ShippedTask } from './protocol.js'
export { runBatchInProcess } from '../engine/series.js'
export { AutoBatcher } from '../engine/batching.js'
export { nestingInfo, type NestingInfo } from '../engine/nesting.js'
export type { TaskSpec } from '../task/task.js'
export type { TaskLogRecord } from '../logs/task-logs.js'
export { findUnserializable } from '../task/serializable.js'
export { serializeError, reviveError, type SerializedError } from '../task/remote-error.js'
export { invalidArgument, outOfRange } from '../errors/argument-errors.js'
export { WORKER_LIMIT_OPTIONS, type WorkerLimits, type RetireReason } from './worker-limits.js'
export { parseIdleTimeout, parseMaxTasksPerWorker, parseWorkerMemoryLimit, DEFAULT_IDLE_TIMEOUT } from '../api/parse-worker-limits.js'
export { createWorkerRuntime, type WorkerRuntime, type WorkerRuntimeOptions } from '../worker/runtime.js'
export * from '../conformance/index.js'
