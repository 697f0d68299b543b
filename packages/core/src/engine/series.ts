import type { BatchOutcome, TaskBatch, TaskCall } from '../backend/backend.js'
import type { TaskSpec } from '../task/task.js'
import { isImported, loadTaskFunction, loadTaskModule } from '../task/task-module.js'
import { markFailedTask } from '../task/failed-task.js'
import { runTasksHere } from '../task/run-tasks.js'
import { attachTaskLogs } from '../logs/task-logs.js'

type TaskFn = (...a: any[]) => unknown

/** The callable behind a task spec, in this process: the function itself, or the module's export. */
export async function localFunction(task: TaskSpec): Promise<TaskFn> {
  return task.kind === 'function' ? task.fn : loadTaskFunction(task.url, task.name, { compiled: task.compiled })
}

/** A call's task as this process runs it, and as workers get it. */
export interface PreparedTask {
  readonly fn: TaskFn
  readonly task: TaskSpec
}

/**
 * Whether {@link prepareTask} has nothing left to do for `task`: a function, or a module
 * this process has imported already. Otherwise there is time to start workers meanwhile.
 */
export function isPrepared(task: TaskSpec): boolean {
  return task.kind === 'function' || isImported(task.url)
}

/**
 * Gets a call's task ready in the caller: a module reference is imported here, so a
 * bad one fails before any worker gets it, and a TypeScript module that workers could
 * not import without a loader is compiled first; the spec returned then names the
 * compiled module, for the workers.
 */
export async function prepareTask(task: TaskSpec): Promise<PreparedTask> {
  if (task.kind === 'function') return { fn: task.fn, task }
  const { fn, compiled } = await loadTaskModule(task.url, task.name, { compiled: task.compiled })
  return { fn, task: compiled === undefined ? task : { ...task, compiled } }
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
