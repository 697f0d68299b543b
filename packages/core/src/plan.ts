import type { ParallelBackend } from './backend.js'
import { activeContext } from './context.js'
import { capForNesting, isSequentialName, requestedJobs, workersFor } from './jobs.js'
import { warn, type LoggerLike } from './log.js'
import { nestingInfo } from './nesting.js'
import type { ParsedOptions } from './options.js'
import { defaultBackend, isBackendAvailable, packageForBackend, resolveBackend } from './registry.js'

/** Where a call runs: in series, or on a backend with `nJobs` workers. */
export type CallPlan =
  | { readonly backend: null; readonly nJobs: 1 }
  | { readonly backend: ParallelBackend; readonly nJobs: number; readonly backendOptions: Readonly<Record<string, unknown>> }

const SERIES: CallPlan = { backend: null, nJobs: 1 }
let warnedNoBackend = false

/**
 * Chooses the backend and worker count of a call with `taskCount` tasks: explicit
 * `jobs` > context `nJobs` > series; `forceThreading`/`forceProcesses` > context
 * backend > default backend; then the nesting rule (inside a worker, threads at
 * most; two levels down, series) and the cap by the number of tasks.
 */
export async function planCall(options: ParsedOptions, taskCount: number): Promise<CallPlan> {
  let workers = capForNesting(workersFor(requestedJobs(options.jobs)))
  workers = Math.min(workers, taskCount)
  if (workers <= 1) return SERIES

  const context = activeContext()
  const backendOptions = context?.options ?? {}
  let choice: string | ParallelBackend | null
  if (nestingInfo().level >= 1) {
    // joblib's nesting rule: a worker's own calls may use threads, never a new process pool.
    choice = (await isBackendAvailable('threading')) ? 'threading' : null
  } else if (options.forceThreading) {
    choice = 'threading'
  } else if (options.forceProcesses) {
    choice = 'loky'
  } else if (context !== undefined) {
    choice = context.backend
  } else {
    choice = (await defaultBackend()).name
    if (choice === null) warnNoBackend(options.logger)
  }
  if (choice === null) return SERIES

  const backend = await resolveBackend(choice, backendOptions)
  if (typeof choice === 'string' && isSequentialName(choice)) return SERIES
  const nJobs = Math.min(backend.effectiveNJobs ? backend.effectiveNJobs(workers) : workers, taskCount)
  return nJobs <= 1 ? SERIES : { backend, nJobs, backendOptions }
}

function warnNoBackend(logger: LoggerLike | null): void {
  if (warnedNoBackend) return
  warnedNoBackend = true
  warn(
    logger,
    `multitask: no parallel backend is installed, so parallel calls run in series. ` +
      `Install ${packageForBackend('loky')} (processes) or ${packageForBackend('threading')} (threads).`,
  )
}
