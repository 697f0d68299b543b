// Errors of the backend seam: the typed path to series, and a backend that broke its contract.
import type { TaskLogRecord } from '../logs/task-logs.js'
import { MultitaskError } from './errors.js'

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
