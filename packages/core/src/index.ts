/**
 * Run one function over many inputs, in series or in parallel, on pluggable backends: the API and the backend interface.
 *
 * @packageDocumentation
 * @module @multitask/core
 */
export { multitask, type TaskFunction1, type TaskFunction2 } from './multitask.js'
export { multitaskIter, type MultitaskIterOptions, type IndexedResult } from './multitask-iter.js'
export type { MultitaskOptions } from './options.js'
export type { Progress } from './progress.js'
export { parallelBackend, type ParallelBackendOptions } from './context.js'
export {
  registerParallelBackend,
  registeredBackends,
  defaultBackend,
  isBackendAvailable,
  packageForBackend,
  DEFAULT_BACKEND_ORDER,
  type RegisterOptions,
  type DefaultBackendChoice,
} from './registry.js'
export { effectiveNJobs } from './jobs.js'
export { cpuCount } from './cpu-count.js'
export { parseMaxNbytes } from './max-nbytes.js'
export { taskModule, type ModuleReference, type TaskSpec } from './task.js'
export type { LoggerLike } from './log.js'
export { taskLogger, type TaskLogRecord } from './task-logs.js'
export { failedTaskIndex } from './failed-task.js'
export {
  MultitaskError,
  BackendNotInstalledError,
  UnknownBackendError,
  TaskModuleError,
  RemoteTaskError,
  WorkerTerminatedError,
  TimeoutError,
  AbortError,
  FallbackToSeries,
  NestingLimitError,
  BackendContractError,
  type MultitaskErrorCode,
} from './errors.js'

// For backend authors.
export type {
  ParallelBackend,
  BackendCapabilities,
  BackendFactory,
  BatchOutcome,
  TaskBatch,
  TaskCall,
} from './backend.js'
export { runBatchInProcess } from './series.js'
export { BackendCache, type BackendCacheOptions } from './backend-cache.js'
export { invalidArgument, outOfRange, type ArgumentErrorCode } from './argument-errors.js'
export { encodeCall, sendBatch, replyToOutcome, unshippableReason } from './shipping.js'
export { findUnserializable } from './serializable.js'
export { serializeError, reviveError, type SerializedError } from './remote-error.js'
export { nestingInfo, type NestingInfo } from './nesting.js'
export { AutoBatcher } from './batching.js'
export type { BatchReply, BatchRequest, CallPayload, ShippedTask } from './protocol.js'
