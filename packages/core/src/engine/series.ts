import type { BatchOutcome, TaskBatch, TaskCall } from '../backend/backend.js'
import { callTask, type TaskSpec } from '../task/task.js'
import { loadTaskFunction } from '../task/task-module.js'

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
 * Runs one batch of a call in this process. The building block of an in-process
 * backend such as `@multitask/serial`.
 */
export async function runBatchInProcess(call: TaskCall, batch: TaskBatch): Promise<BatchOutcome> {
  const started = performance.now()
  const results = new Array<unknown>(batch.items.length)
  await runInSeries(await localFunction(call.task), call.form, call.args, call.kwargs, batch.items, results)
  return { results, durationMs: performance.now() - started }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as PromiseLike<unknown>).then === 'function'
}
