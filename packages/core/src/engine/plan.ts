import type { ParallelBackend } from '../backend/backend.js'
import { capForNesting, isSequentialName, requestedJobs, workersFor } from './jobs.js'
import { warn, type LoggerLike } from '../logs/log.js'
import { nestingInfo } from './nesting.js'
import type { ParsedOptions } from '../api/options.js'
import { BACKEND_CANDIDATES, defaultBackend, findBackend, packagesRunningOn } from '../backend/discovery.js'
import { packageForBackend, registeredBackends, resolveBackend } from '../backend/registry.js'
import { BackendNotInstalledError } from '../errors/index.js'
import type { TaskSpec } from '../task/task.js'
import { isPrepared, prepareTask, type PreparedTask } from './series.js'
import type { TaskSource } from './source.js'
import { compilesSlowly } from '../task/task-module.js'
import { checkWorkerLimits } from './worker-limits-support.js'

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
  const { context } = options
  let workers = capForNesting(workersFor(requestedJobs(options.jobs, context)))
  workers = Math.min(workers, taskCount)
  if (workers <= 1) return SERIES

  // The worker limits are call options (their context values are defaults), not the backend's.
  const { maxTasksPerWorker: _tasks, workerMemoryLimit: _memory, ...backendOptions } = context?.options ?? {}
  let choice: string | ParallelBackend | null
  if (nestingInfo().level >= 1) {
    // joblib's nesting rule: a worker's own calls may use threads, never a new process pool.
    choice = await findBackend((capabilities) => capabilities.runsOn === 'threads')
  } else if (options.forceThreading) {
    choice = await requireBackendOn('threads')
  } else if (options.forceProcesses) {
    choice = await requireBackendOn('processes')
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
  if (nJobs <= 1) return SERIES
  checkWorkerLimits(backend, options.workerLimits)
  return { backend, nJobs, backendOptions }
}

/** The installed backend that runs on `runsOn` (for `forceProcesses`/`forceThreading`), or a clear error naming what to install. */
async function requireBackendOn(runsOn: 'threads' | 'processes'): Promise<string> {
  const name = await findBackend((capabilities) => capabilities.runsOn === runsOn)
  if (name !== null) return name
  // Backend names by the @multitask/<name> convention that packageForBackend follows.
  const names = packagesRunningOn(runsOn).map((packageName) => packageName.replace(/^@multitask\//, ''))
  // A package of that kind may be installed yet serve its name another way where its
  // workers cannot start (loky on threads in Deno without --allow-run, with a warning).
  const standIn = names.find((n) => registeredBackends().includes(n))
  if (standIn !== undefined) return standIn
  const [missing = '<backend>'] = names
  throw new BackendNotInstalledError(missing, packageForBackend(missing))
}

function warnNoBackend(logger: LoggerLike | null): void {
  if (warnedNoBackend) return
  warnedNoBackend = true
  const install = BACKEND_CANDIDATES.map((candidate) => `${candidate.package} (${candidate.runsOn})`).join(' or ')
  warn(logger, `multitask: no parallel backend is installed, so parallel calls run in series. Install ${install}.`)
}

/**
 * Plans the call while its task gets ready in the caller (a module reference is
 * imported, a TypeScript one compiled, so a bad one fails before any task runs), and
 * asks the backend to start its workers meanwhile, so that neither waits for the other.
 * A module that fails to load is the error reported, even when planning failed too.
 */
export async function planAndPrepare(
  task: TaskSpec,
  source: TaskSource,
  options: ParsedOptions,
): Promise<{ plan: CallPlan; prepared: PreparedTask }> {
  let ready = isPrepared(task)
  const preparing = prepareTask(task).finally(() => (ready = true))
  preparing.catch(() => undefined) // awaited below; its failure must not count as unhandled meanwhile
  let plan: CallPlan
  try {
    // Peek far enough to know whether there are fewer tasks than workers could take.
    const PEEK = 256
    const peeked = source.total ?? source.peek(PEEK)
    plan = await planCall(options, peeked < PEEK ? peeked : Number.POSITIVE_INFINITY)
  } catch (error) {
    await preparing
    throw error
  }
  // Only while a TypeScript module compiles: a plain module imports in a few ms, and a
  // bad reference must fail with no worker started.
  if (plan.backend !== null && !ready && task.kind === 'module' && compilesSlowly(task.url)) plan.backend.warmUp?.(plan.nJobs)
  return { plan, prepared: await preparing }
}
