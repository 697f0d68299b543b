/**
 * Run one function over many inputs, in series or in parallel, on pluggable backends:
 * the user API. What backend authors need is in `@multitask/core/backend`.
 *
 * @packageDocumentation
 * @module @multitask/core
 */
export { multitask, type TaskFunction1, type TaskFunction2 } from './api/multitask.js'
export { multitaskIter, type MultitaskIterOptions, type IndexedResult } from './api/multitask-iter.js'
export type { MultitaskOptions } from './api/options.js'
export type { Progress } from './engine/progress.js'
export type { RetireReason } from './backend/worker-limits.js'
export { parallelBackend, type ParallelBackendOptions } from './api/context.js'
export {
  registerParallelBackend,
  registeredBackends,
  isBackendAvailable,
  packageForBackend,
  type RegisterOptions,
} from './backend/registry.js'
export { defaultBackend, discoverBackends, type DefaultBackendChoice } from './backend/discovery.js'
export { effectiveNJobs } from './engine/jobs.js'
export { cpuCount } from './platform/cpu-count.js'
export { parseMaxNbytes } from './engine/max-nbytes.js'
export { taskModule, type ModuleReference } from './task/task.js'
export type { LoggerLike } from './logs/log.js'
export { taskLogger } from './logs/task-logs.js'
export { failedTaskIndex } from './task/failed-task.js'
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
} from './errors/index.js'
export type { ArgumentErrorCode } from './errors/argument-errors.js'
