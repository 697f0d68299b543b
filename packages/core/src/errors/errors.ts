/**
 * Error classes of multitask. Each has a stable `name` and a stable
 * {@link MultitaskError.multitaskCode}, so callers can tell failures apart without
 * reading messages:
 *
 * - errors of multitask's own extend {@link MultitaskError}; their `code` is their `multitaskCode`;
 * - a task's error that crossed from a worker is a {@link RemoteTaskError}: it keeps the
 *   task's own `name`, message, stack and `code` (e.g. `'ENOENT'`), and multitask's code
 *   for it, `'ERR_MULTITASK_TASK_FAILED'`, is in `multitaskCode` only;
 * - argument errors stay `TypeError`/`RangeError`, with a `code` added (see `ArgumentErrorCode`).
 *
 * @packageDocumentation
 */

/**
 * Codes carried by {@link MultitaskError.multitaskCode}:
 *
 * - `ERR_MULTITASK_BACKEND_NOT_INSTALLED`: {@link BackendNotInstalledError}
 * - `ERR_MULTITASK_UNKNOWN_BACKEND`: {@link UnknownBackendError}
 * - `ERR_MULTITASK_TASK_MODULE`: {@link TaskModuleError}
 * - `ERR_MULTITASK_TASK_FAILED`: {@link RemoteTaskError}
 * - `ERR_MULTITASK_WORKER_TERMINATED`: {@link WorkerTerminatedError}
 * - `ERR_MULTITASK_TIMEOUT`: {@link TimeoutError}
 * - `ERR_MULTITASK_ABORTED`: {@link AbortError}
 * - `ERR_MULTITASK_FALLBACK_TO_SERIES`: {@link FallbackToSeries}
 * - `ERR_MULTITASK_NESTING_LIMIT`: {@link NestingLimitError}
 * - `ERR_MULTITASK_BACKEND_CONTRACT`: {@link BackendContractError}
 *
 * Backend packages add codes of their own, all starting with `ERR_MULTITASK_`
 * (`@multitask/bullmq`: `ERR_MULTITASK_NO_WORKERS`, `ERR_MULTITASK_JOB_REJECTED`,
 * `ERR_MULTITASK_SOURCE_NOT_ALLOWED`, `ERR_MULTITASK_BAD_SIGNATURE`).
 */
export type MultitaskErrorCode =
  | 'ERR_MULTITASK_BACKEND_NOT_INSTALLED'
  | 'ERR_MULTITASK_UNKNOWN_BACKEND'
  | 'ERR_MULTITASK_TASK_MODULE'
  | 'ERR_MULTITASK_TASK_FAILED'
  | 'ERR_MULTITASK_WORKER_TERMINATED'
  | 'ERR_MULTITASK_TIMEOUT'
  | 'ERR_MULTITASK_ABORTED'
  | 'ERR_MULTITASK_FALLBACK_TO_SERIES'
  | 'ERR_MULTITASK_NESTING_LIMIT'
  | 'ERR_MULTITASK_BACKEND_CONTRACT'
  | (`ERR_MULTITASK_${string}` & {})

/**
 * Base class of every error that multitask and its backends raise (argument errors
 * are plain `TypeError`/`RangeError` with a `code`). `instanceof MultitaskError` is
 * true for all of them, a task's error from a worker ({@link RemoteTaskError}) included.
 *
 * @typeParam Code - the type of `code`: multitask's code, or for a RemoteTaskError whatever the task set.
 */
export class MultitaskError<Code = MultitaskErrorCode> extends Error {
  /** multitask's code for this failure; stable across releases. */
  readonly multitaskCode: MultitaskErrorCode
  /** The error's `code`: the same as `multitaskCode`, except on a `RemoteTaskError`, where it is the task's own. */
  readonly code: Code
  constructor(code: MultitaskErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.multitaskCode = code
    this.code = code as Code
  }
}
