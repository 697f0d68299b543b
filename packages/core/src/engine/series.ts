import type { BatchOutcome, TaskBatch, TaskCall } from '../backend/backend.js'
import { callTask, type TaskSpec } from '../task/task.js'
import { loadTaskFunction } from '../task/task-module.js'
import { markFailedTask } from '../task/failed-task.js'
import { captureConsole } from '../logs/console-capture.js'
import { attachTaskLogs, runAsTask, type TaskLogRecord } from '../logs/task-logs.js'
import { loadTslog } from '../logs/tslog-module.js'

type TaskFn = (...a: any[]) => unknown

/** The callable behind a task spec, in this process: the function itself, or the module's export. */
export async function localFunction(task: TaskSpec): Promise<TaskFn> {
  return task.kind === 'function' ? task.fn : loadTaskFunction(task.url, task.name)
}

/**
 * Runs tasks one after another in this process, writing `results[offset + k]` for
 * `items[k]`. Awaits each task before starting the next, as joblib's sequential
 * backend does; the first error propagates unchanged and the rest never start.
 */
export async function runInSeries(
  fn: TaskFn,
  form: 1 | 2,
  args: unknown,
  kwargs: unknown,
  items: readonly unknown[],
  results: unknown[],
  offset = 0,
): Promise<void> {
  for (let k = 0; k < items.length; k++) {
    let value = callTask(fn, form, args, kwargs, items[k])
    if (isThenable(value)) value = await value
    results[offset + k] = value
  }
}

/**
 * Runs one batch of a call in this process, as a worker would: a failing task's error
 * carries its index (`failedTaskIndex`), and when the call captures logs each task's
 * console and `taskLogger()` records come back with the outcome (or with the error).
 * The building block of an in-process backend such as `@multitask/serial`.
 */
export async function runBatchInProcess(call: TaskCall, batch: TaskBatch): Promise<BatchOutcome> {
  const started = performance.now()
  const fn = await localFunction(call.task)
  const results = new Array<unknown>(batch.items.length)
  const logs: TaskLogRecord[] | undefined = call.captureLogs ? [] : undefined
  if (logs !== undefined) {
    captureConsole()
    await loadTslog()
  }
  const keep = (record: TaskLogRecord) => logs!.push(record)
  for (let k = 0; k < batch.items.length; k++) {
    const index = batch.start + k
    try {
      const run = () => callTask(fn, call.form, call.args, call.kwargs, batch.items[k])
      let value = logs === undefined ? run() : runAsTask(index, keep, run)
      if (isThenable(value)) value = await value
      results[k] = value
    } catch (error) {
      throw attachTaskLogs(markFailedTask(error, index), logs)
    }
  }
  return { results, durationMs: performance.now() - started, logs }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as PromiseLike<unknown>).then === 'function'
}
