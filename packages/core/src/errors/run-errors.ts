// Errors that end a running call: a task failed, a worker died, the time ran out, the caller aborted, or calls nested too deep.
import { MultitaskError } from './errors.js'

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
