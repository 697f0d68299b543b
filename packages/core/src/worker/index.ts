/**
 * The worker side of the batch protocol, for backend authors: what runs inside a worker thread or process.
 *
 * @packageDocumentation
 * @module @multitask/core/worker
 */
export { createWorkerRuntime, type WorkerRuntime, type WorkerRuntimeOptions } from './runtime.js'
export { findUnserializable } from '../task/serializable.js'
export type { BatchReply, BatchRequest, CallPayload, ShippedTask } from '../backend/protocol.js'
export type { WorkerLimits, RetireReason } from '../backend/worker-limits.js'
