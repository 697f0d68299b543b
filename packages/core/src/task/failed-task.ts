import { MultitaskError, RemoteTaskError } from '../errors/index.js'

// A symbol, not a field: the error is the task's own object, rethrown unchanged.
const INDEX = Symbol.for('multitask.failed-task-index')

/** Records which task threw `error` when the task ran in this process (series); returns `error`. */
export function markFailedTask(error: unknown, taskIndex: number): unknown {
  const multitasksOwn = error instanceof MultitaskError && !(error instanceof RemoteTaskError)
  if (error !== null && typeof error === 'object' && !multitasksOwn && Object.isExtensible(error)) {
    Object.defineProperty(error, INDEX, { value: taskIndex, enumerable: false, configurable: true })
  }
  return error
}

/**
 * The index (among the call's non-skipped tasks) of the task whose failure rejected a
 * multitask call: from a `RemoteTaskError`, `TimeoutError` or `WorkerTerminatedError`,
 * or from an error a task threw in series. `undefined` when no task is to blame (an
 * abort, a bad argument) or the index is unknown.
 *
 * @example
 * ```ts
 * try { await multitask(f, items, null) } catch (error) {
 *   console.error(`task ${failedTaskIndex(error)} failed:`, error)
 * }
 * ```
 */
export function failedTaskIndex(error: unknown): number | undefined {
  if (error === null || typeof error !== 'object') return undefined
  const marked = (error as Record<symbol, unknown>)[INDEX]
  if (typeof marked === 'number') return marked
  const field = (error as { taskIndex?: unknown }).taskIndex
  return error instanceof MultitaskError && typeof field === 'number'
    ? field
    : undefined
}
