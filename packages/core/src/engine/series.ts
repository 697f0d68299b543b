import type { BatchOutcome, TaskBatch, TaskCall } from '../backend/backend.js'
import type { TaskSpec } from '../task/task.js'
import { loadTaskFunction } from '../task/task-module.js'
import { markFailedTask } from '../task/failed-task.js'
import { runTasksHere } from '../task/run-tasks.js'
import { attachTaskLogs } from '../logs/task-logs.js'

type TaskFn = (...a: any[]) => unknown

/** The callable behind a task spec, in this process: the function itself, or the module's export. */
export async function localFunction(task: TaskSpec): Promise<TaskFn> {
  return task.kind === 'function' ? task.fn : loadTaskFunction(task.url, task.name)
}

/**
 * Runs one batch of a call in this process, as a worker would: a failing task's error
 * carries its index (`failedTaskIndex`), and when the call captures logs each task's
 * console and `taskLogger()` records come back with the outcome (or with the error).
 * It honours the batch's time budget, as the worker runtime does.
 * The building block of an in-process backend such as `@multitask/serial`.
 */
export async function runBatchInProcess(call: TaskCall, batch: TaskBatch): Promise<BatchOutcome> {
  const run = await runTasksHere(await localFunction(call.task), call, batch.start, batch.items, batch.budgetMs)
  if (run.threw) throw attachTaskLogs(markFailedTask(run.error, batch.start + run.at), run.logs)
  return { results: run.results, durationMs: run.durationMs, logs: run.logs }
}
