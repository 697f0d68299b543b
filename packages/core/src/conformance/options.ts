import { invalidArgument, outOfRange } from '../errors/argument-errors.js'
import type { BackendCapabilities } from '../backend/backend.js'

/**
 * Options of {@link defineConformanceTests} and {@link runConformance}: which backend to
 * check, and what the kit needs to know about it.
 *
 * @example
 * ```ts
 * import { threadingBackend, shutdown, poolStats } from '@multitask/threading'
 * const options: ConformanceOptions = {
 *   backend: 'threading',
 *   capabilities: threadingBackend(),
 *   shutdown,
 *   liveWorkers: () => poolStats().threads,
 * }
 * ```
 */
export interface ConformanceOptions {
  /** The registered name of the backend, as users pass it to `parallelBackend(name, ...)`. */
  readonly backend: string
  /**
   * Backend options for every call, merged into the context: `parallelBackend(backend, { nJobs, ...backendOptions }, ...)`.
   * @default {}
   * @example { connection: 'redis://127.0.0.1:6379', queue: 'conformance' }
   */
  readonly backendOptions?: Readonly<Record<string, unknown>>
  /**
   * Workers per call. At least 2: the kit checks parallel runs.
   * @default 2
   */
  readonly nJobs?: number
  /**
   * What the backend says it can do. Pass the backend object itself (it carries these
   * flags); cases that need a capability, such as `timeout`, run only when it is set.
   * @default all false
   * @example capabilities: lokyBackend
   */
  readonly capabilities?: Partial<BackendCapabilities>
  /**
   * Cases this backend opts out of, by case name, each with the reason (shown in the
   * test's title and in {@link ConformanceResult.skipped}). A name that is not a case is an error.
   * @default {}
   * @example { 'module-reference': 'workers run without --allow-source and the module path differs' }
   */
  readonly skip?: Readonly<Record<string, string>>
  /**
   * Runs once before the first case (start servers, remote workers).
   * @example setup: async () => { workers = await startWorkers() }
   */
  readonly setup?: () => Promise<void> | void
  /**
   * Runs once after the last case, even when cases failed.
   * @example teardown: () => Promise.all(workers.map((w) => w.close()))
   */
  readonly teardown?: () => Promise<void> | void
  /**
   * Ends every worker of the backend in this program (e.g. the package's `shutdown()`).
   * With {@link ConformanceOptions.liveWorkers}, enables the `shutdown` case.
   * @example shutdown: () => lokyBackend.terminate()
   */
  readonly shutdown?: () => Promise<void>
  /**
   * How many of the backend's workers are alive now (threads of its pools, or child
   * processes that are still running).
   * @example liveWorkers: () => poolStats().threads
   */
  readonly liveWorkers?: () => number | Promise<number>
  /**
   * How long one case may take before it counts as a hang and fails.
   * @default 60000
   */
  readonly caseTimeoutMs?: number
}

/** {@link ConformanceOptions} with defaults applied, as cases see them. */
export interface ResolvedConformanceOptions extends Required<Omit<ConformanceOptions, 'setup' | 'teardown' | 'shutdown' | 'liveWorkers'>> {
  readonly capabilities: BackendCapabilities
  readonly setup: ConformanceOptions['setup']
  readonly teardown: ConformanceOptions['teardown']
  readonly shutdown: ConformanceOptions['shutdown']
  readonly liveWorkers: ConformanceOptions['liveWorkers']
}

const HOOKS = ['setup', 'teardown', 'shutdown', 'liveWorkers'] as const

/** Checks the options at the entry point and fills in defaults. */
export function resolveConformanceOptions(options: ConformanceOptions, caseNames: readonly string[]): ResolvedConformanceOptions {
  if (options === null || typeof options !== 'object') throw invalidArgument(`The conformance options must be an object; received ${String(options)}.`)
  const { backend, backendOptions = {}, nJobs = 2, capabilities = {}, skip = {}, caseTimeoutMs = 60_000 } = options
  if (typeof backend !== 'string' || backend === '') {
    throw invalidArgument(`\`backend\` must be the registered name of a backend, e.g. 'mine'; received ${String(backend)}.`)
  }
  if (backendOptions === null || typeof backendOptions !== 'object') throw invalidArgument(`\`backendOptions\` must be an object; received ${String(backendOptions)}.`)
  if (!Number.isInteger(nJobs) || nJobs < 2) throw outOfRange(`\`nJobs\` must be an integer of at least 2 (the kit checks parallel runs); received ${String(nJobs)}.`)
  if (!(typeof caseTimeoutMs === 'number' && caseTimeoutMs > 0)) throw outOfRange(`\`caseTimeoutMs\` must be a positive number of milliseconds; received ${String(caseTimeoutMs)}.`)
  if (skip === null || typeof skip !== 'object') throw invalidArgument(`\`skip\` must be an object of case name to reason; received ${String(skip)}.`)
  for (const [name, reason] of Object.entries(skip)) {
    if (!caseNames.includes(name)) throw invalidArgument(`\`skip\` names no conformance case: '${name}'. The cases are: ${caseNames.join(', ')}.`)
    if (typeof reason !== 'string' || reason.trim() === '') throw invalidArgument(`\`skip['${name}']\` must give the reason for opting out, as a non-empty string; received ${String(reason)}.`)
  }
  for (const hook of HOOKS) {
    if (options[hook] !== undefined && typeof options[hook] !== 'function') throw invalidArgument(`\`${hook}\` must be a function; received ${String(options[hook])}.`)
  }
  return {
    backend,
    backendOptions,
    nJobs,
    capabilities: {
      runsOn: capabilities.runsOn ?? 'in-process',
      supportsSharedMemory: capabilities.supportsSharedMemory === true,
      supportsTimeout: capabilities.supportsTimeout === true,
      supportsMaxTasksPerWorker: capabilities.supportsMaxTasksPerWorker === true,
      supportsWorkerMemoryLimit: capabilities.supportsWorkerMemoryLimit === true,
    },
    skip,
    caseTimeoutMs,
    setup: options.setup,
    teardown: options.teardown,
    shutdown: options.shutdown,
    liveWorkers: options.liveWorkers,
  }
}
