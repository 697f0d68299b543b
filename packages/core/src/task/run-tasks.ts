import { captureConsole } from '../logs/console-capture.js'
import { runAsTask, type TaskLogRecord } from '../logs/task-logs.js'
import { loadTslog } from '../logs/tslog-module.js'
import { callTask } from './task.js'

type TaskFn = (...a: any[]) => unknown

/** How a run of tasks in this thread ended: all done, or task `start + at` threw. */
export type TasksRun =
  | {
      readonly threw: false
      readonly results: unknown[]
      readonly durationMs: number
      readonly logs?: TaskLogRecord[]
      /** `stopAfterTask` said stop (after the last task run, which may be the batch's last). */
      readonly stopped?: true
    }
  | { readonly threw: true; readonly at: number; readonly error: unknown; readonly results: unknown[]; readonly logs?: TaskLogRecord[] }

/**
 * Runs tasks `start, start + 1, ...` in this thread, one after another, as a worker runs
 * a batch: with `captureLogs`, each task's console and `taskLogger()` records are kept
 * with its index. Stops at the first task that throws and says which, with the results
 * and records of the tasks before it. The one loop behind workers and in-process batches.
 */
export async function runTasksHere(
  fn: TaskFn,
  call: { readonly form: 1 | 2; readonly args: unknown; readonly kwargs: unknown; readonly captureLogs: boolean },
  start: number,
  items: readonly unknown[],
  /** Stop after the task that ends past this many ms (at least one task runs); the results cover the tasks run. */
  budgetMs?: number,
  /** Asked after each task: true stops the run there, with the results of the tasks run (the worker retires). */
  stopAfterTask?: () => boolean,
): Promise<TasksRun> {
  // Grown by push, never preallocated: a holey array (new Array(n)) is cloned element by
  // element as a sparse one, 3-5 times slower when the results go back to the caller.
  const results: unknown[] = []
  const logs: TaskLogRecord[] | undefined = call.captureLogs ? [] : undefined
  if (logs !== undefined) {
    captureConsole()
    await loadTslog() // taskLogger() in the tasks then finds it loaded
  }
  const keep = (record: TaskLogRecord) => logs!.push(record)
  const started = performance.now()
  // The clock is read only as often as the budget needs: for tiny tasks a read costs as much as the task.
  let checkAt = budgetMs === undefined ? items.length : 1
  for (let k = 0; k < items.length; k++) {
    if (k === checkAt) {
      const elapsed = performance.now() - started
      if (elapsed >= budgetMs!) {
        return { threw: false, results, durationMs: elapsed, logs }
      }
      // A clock read (tens of ns) is noise next to a task of a few µs: read it after every one,
      // so a slow task among fast ones is seen at once. Sub-µs tasks read it every few dozen.
      checkAt = elapsed / k >= 0.002 ? k + 1 : k + 64
    }
    const item = items[k]
    try {
      let value =
        logs === undefined
          ? callTask(fn, call.form, call.args, call.kwargs, item)
          : runAsTask(start + k, keep, () => callTask(fn, call.form, call.args, call.kwargs, item))
      if (value !== null && typeof (value as PromiseLike<unknown>)?.then === 'function') value = await value
      results.push(value)
    } catch (error) {
      return { threw: true, at: k, error, results, logs }
    }
    if (stopAfterTask !== undefined && stopAfterTask()) {
      return { threw: false, results, durationMs: performance.now() - started, logs, stopped: true }
    }
  }
  return { threw: false, results, durationMs: performance.now() - started, logs }
}
