export { createWorkerRuntime, type WorkerRuntime, type WorkerRuntimeOptions } from './runtime.js'
export { findUnserializable } from '../serializable.js'
export type { BatchReply, BatchRequest, CallPayload, ShippedTask } from '../protocol.js'
