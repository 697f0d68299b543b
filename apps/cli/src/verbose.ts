import { cpuCount, defaultBackend, effectiveNJobs, parallelBackend, type Progress } from '@multitask/core'
import type { RunOptions } from './run-options.js'
import { describeFileMapping, lokyFileMapping } from './installed.js'
import type { TaskReference } from './module-spec.js'

/**
 * The `--verbose` line before a run: task, items, backend and worker count, as
 * multitask will choose them (explicit flag > --backend > the default backend).
 */
export async function describePlan(
  task: TaskReference,
  taskCount: number,
  origin: string,
  options: RunOptions,
): Promise<string> {
  const requested =
    options.backend === undefined
      ? effectiveNJobs(options.jobs)
      : parallelBackend(options.backend, { nJobs: options.jobs }, () => effectiveNJobs())
  const workers = Math.max(1, Math.min(requested, taskCount))
  let name: string | null
  let why: string
  if (options.forceThreading) [name, why] = ['threading', '--force-threading']
  else if (options.forceProcesses) [name, why] = ['loky', '--force-processes']
  else if (options.backend !== undefined) [name, why] = [options.backend, '--backend']
  else {
    const choice = await defaultBackend()
    ;[name, why] = [choice.name, `default: ${choice.reason}`]
  }
  const backend = name === null ? 'none installed' : `${name} (${why})`
  const where = workers <= 1 ? 'in series' : `on ${backend} with ${workers} workers`
  const mapping = workers > 1 && name === 'loky' ? `; ${describeFileMapping(await lokyFileMapping())}` : ''
  return `multitask: ${task.module}#${task.name} over ${taskCount} tasks (${origin}) ${where}; ${cpuCount()} CPUs${mapping}`
}

/** The `--verbose` line on replaced workers, after a run with worker limits. */
export function replacedWorkers(progress: Progress | undefined): string | undefined {
  const replaced = progress?.workersReplaced
  if (replaced === undefined) return undefined
  const total = replaced.maxTasksPerWorker + replaced.workerMemoryLimit
  return (
    `multitask: ${total} worker${total === 1 ? '' : 's'} replaced ` +
    `(${replaced.maxTasksPerWorker} after --max-tasks-per-worker tasks, ${replaced.workerMemoryLimit} past --worker-memory-limit)`
  )
}

/** The `--verbose` timing line after a run. */
export function summary(done: number, elapsedMs: number): string {
  const seconds = elapsedMs / 1000
  const rate = seconds > 0 ? done / seconds : 0
  return `multitask: ${done} tasks in ${seconds.toFixed(2)} s (${rate >= 100 ? rate.toFixed(0) : rate.toFixed(1)} tasks/s)`
}
