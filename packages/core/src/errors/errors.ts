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

import type { TaskLogRecord } from '../logs/task-logs.js'

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

/** A backend was asked for by name, but its package is not installed. */
export class BackendNotInstalledError extends MultitaskError {
  override readonly name = 'BackendNotInstalledError'
  /** The backend name that was asked for. */
  readonly backend: string
  /** The npm package that provides it. */
  readonly packageName: string
  constructor(backend: string, packageName: string, cause?: unknown) {
    super(
      'ERR_MULTITASK_BACKEND_NOT_INSTALLED',
      `The "${backend}" backend is not installed: run \`npm install ${packageName}\`, ` +
        `or register a backend of that name with registerParallelBackend().`,
      { cause },
    )
    this.backend = backend
    this.packageName = packageName
  }
}

/** A backend package was imported but registered no backend of the name asked for. */
export class UnknownBackendError extends MultitaskError {
  override readonly name = 'UnknownBackendError'
  readonly backend: string
  constructor(backend: string, known: readonly string[]) {
    super(
      'ERR_MULTITASK_UNKNOWN_BACKEND',
      `No parallel backend named "${backend}" is registered (registered: ${known.join(', ') || 'none'}).`,
    )
    this.backend = backend
  }
}

/** A module reference `{ module, name }` could not be loaded, or its export is not a function. */
export class TaskModuleError extends MultitaskError {
  override readonly name = 'TaskModuleError'
  readonly module: string
  readonly exportName: string
  /** When the module loaded but has no such function export: the names of its function exports, so a tool can offer them. */
  readonly functionExports: readonly string[] | undefined
  constructor(module: string, exportName: string, message: string, cause?: unknown, functionExports?: readonly string[]) {
    super('ERR_MULTITASK_TASK_MODULE', message, { cause })
    this.module = module
    this.exportName = exportName
    this.functionExports = functionExports
  }
}

/**
 * A task threw in a worker. The worker's error cannot cross the process or thread
 * boundary as the same object, so this carries its class name, message, stack and
 * own fields: `name` is the original class name (e.g. `'RangeError'`), `code` the
 * task's own code (e.g. `'ENOENT'`, or `undefined`), and `multitaskCode` is
 * `'ERR_MULTITASK_TASK_FAILED'`.
 */
export class RemoteTaskError extends MultitaskError<unknown> {
  /** Index of the failed task among the non-skipped tasks. */
  readonly taskIndex: number
  constructor(name: string, message: string, stack: string | undefined, taskIndex: number, code?: unknown) {
    super('ERR_MULTITASK_TASK_FAILED', message)
    this.name = name
    ;(this as { code: unknown }).code = code // the task's, never multitask's
    this.taskIndex = taskIndex
    if (stack !== undefined) this.stack = stack
  }
}

/** A worker died (exit, signal, out of memory) while it ran tasks of the call. */
export class WorkerTerminatedError extends MultitaskError {
  override readonly name = 'WorkerTerminatedError'
  /** Exit code of the worker, when it exited. */
  readonly exitCode: number | null
  /** Signal that ended the worker, when a signal did. */
  readonly signal: string | null
  /** Index of the first task of the batch the worker was running, when known. */
  readonly taskIndex: number | null
  constructor(
    detail: { exitCode?: number | null; signal?: string | null; taskIndex?: number | null; reason?: string },
    cause?: unknown,
  ) {
    const how =
      detail.reason ??
      (detail.signal ? `was killed by ${detail.signal}` : `exited with code ${detail.exitCode ?? 'unknown'}`)
    const where = detail.taskIndex == null ? '' : ` while running task ${detail.taskIndex}`
    super('ERR_MULTITASK_WORKER_TERMINATED', `A worker ${how}${where}.`, { cause })
    this.exitCode = detail.exitCode ?? null
    this.signal = detail.signal ?? null
    this.taskIndex = detail.taskIndex ?? null
  }
}

/** A task ran longer than the call's `timeout`. */
export class TimeoutError extends MultitaskError {
  override readonly name = 'TimeoutError'
  readonly taskIndex: number
  readonly timeoutMs: number
  constructor(taskIndex: number, timeoutMs: number) {
    super('ERR_MULTITASK_TIMEOUT', `Task ${taskIndex} did not finish within ${timeoutMs} ms.`)
    this.taskIndex = taskIndex
    this.timeoutMs = timeoutMs
  }
}

/** The call was aborted through its `signal`; `cause` is the signal's reason. */
export class AbortError extends MultitaskError {
  override readonly name = 'AbortError'
  constructor(reason: unknown) {
    super('ERR_MULTITASK_ABORTED', 'The multitask call was aborted.', { cause: reason })
  }
}

/**
 * The one explicit path to running in series: a backend throws this (from
 * `startCall` or `runBatch`) when it cannot run the call in parallel, e.g. the
 * function cannot be shipped or the arguments cannot be serialized. multitask
 * then logs `reason` once as a warning and runs the tasks that have not finished
 * yet in series. Errors thrown by the task function itself must never be wrapped
 * in this: they are the caller's to see.
 */
export class FallbackToSeries extends MultitaskError {
  override readonly name = 'FallbackToSeries'
  /** Why the call cannot run in parallel, phrased to be shown to the user. */
  readonly reason: string
  /**
   * Set when a task of the batch, already running in a worker, asked for the fallback
   * (a shipped function that used a variable of the caller): the results and records
   * of the batch's tasks before it, which are kept and not run again. That task
   * itself, at `batch.start + finished.results.length`, runs again in series.
   */
  readonly finished: { readonly results: readonly unknown[]; readonly logs?: readonly TaskLogRecord[] } | undefined
  constructor(
    reason: string,
    cause?: unknown,
    finished?: { readonly results: readonly unknown[]; readonly logs?: readonly TaskLogRecord[] },
  ) {
    super('ERR_MULTITASK_FALLBACK_TO_SERIES', reason, { cause })
    this.reason = reason
    this.finished = finished
  }
}

/**
 * multitask calls were nested deeper than {@link NestingLimitError.limit}: a task that
 * calls multitask on itself without a base case. Nested calls below the first level
 * run in series, so this ends such a recursion with a clear error instead of a hang.
 */
export class NestingLimitError extends MultitaskError {
  override readonly name = 'NestingLimitError'
  readonly depth: number
  readonly limit: number
  constructor(depth: number, limit: number) {
    super(
      'ERR_MULTITASK_NESTING_LIMIT',
      `multitask calls are nested ${depth} deep, past the limit of ${limit}: does a task call multitask recursively without a base case?`,
    )
    this.depth = depth
    this.limit = limit
  }
}

/**
 * A backend broke its contract with multitask: it returned the wrong number of
 * results, got a batch for a call it never started, or a worker asked twice for the
 * same payload. A bug in the backend, not in the task.
 */
export class BackendContractError extends MultitaskError {
  override readonly name = 'BackendContractError'
  constructor(message: string) {
    super('ERR_MULTITASK_BACKEND_CONTRACT', message)
  }
}
