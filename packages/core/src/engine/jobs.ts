import { activeContext } from '../api/context.js'
import { cpuCount } from '../platform/cpu-count.js'
import { nestingInfo } from './nesting.js'
import { parseJobs } from '../api/parse-jobs.js'

/**
 * Worker count for a requested `jobs`: null, 0 and 1 mean one (series), n >= 2 means
 * n, and negative n means `cpuCount() + 1 + n` (joblib's rule), never below 1.
 */
export function workersFor(jobs: number | null): number {
  if (jobs === null || jobs === 0) return 1
  if (jobs < 0) return Math.max(1, cpuCount() + 1 + jobs)
  return jobs
}

/** The worker count allowed at the current nesting level: deeper than level 1, series. */
export function capForNesting(workers: number): number {
  const { level, cpuBudget } = nestingInfo()
  if (level === 0) return workers
  if (level >= 2) return 1
  return Math.max(1, Math.min(workers, cpuBudget))
}

/** `jobs` as a call would request it: the explicit argument, else the context's `nJobs`, else series. */
export function requestedJobs(jobs: number | null, context = activeContext()): number | null {
  if (jobs !== null) return jobs
  if (context === undefined) return null
  // joblib's parallel_backend() defaults n_jobs to -1: a context without nJobs means all CPUs.
  return context.nJobs ?? -1
}

/**
 * The number of workers a multitask call made here with this `jobs` would use, before
 * the cap by the number of tasks: explicit argument > `parallelBackend` context >
 * series, the negative rule, the nesting rule, and 1 for a sequential backend.
 *
 * @param jobs - the `jobs` option as it would be passed to multitask.
 * @example
 * ```ts
 * import { effectiveNJobs, parallelBackend } from '@multitask/core'
 * effectiveNJobs()      // 1: series unless asked
 * effectiveNJobs(-1)    // cpuCount()
 * parallelBackend('threading', { nJobs: 2 }, () => effectiveNJobs()) // 2
 * ```
 */
export function effectiveNJobs(jobs?: number | null): number {
  const workers = capForNesting(workersFor(requestedJobs(parseJobs(jobs))))
  const backend = activeContext()?.backend
  if (workers > 1 && typeof backend === 'object' && backend.effectiveNJobs) {
    return Math.max(1, backend.effectiveNJobs(workers))
  }
  if (typeof backend === 'string' && isSequentialName(backend)) return 1
  return workers
}

/** Names that always mean "in series". */
export function isSequentialName(name: string): boolean {
  return name === 'serial' || name === 'sequential'
}
