import type { TaskParams } from '../task-args.js'
import type { TaskName } from '../tasks.js'

/** What one workload measures and who takes part. */
export interface Workload {
  readonly id: string
  readonly title: string
  readonly description: string
  /** `time`: one timed call per round; `cold`: a fresh driver per round, first call then warm calls. */
  readonly kind: 'time' | 'cold'
  readonly task: TaskName
  /** Tasks per call. */
  readonly n: number
  /** Smaller counts for contestants that would take too long at `n` (their per-task cost is compared). */
  readonly counts: Readonly<Record<string, number>>
  /** Arguments by language: the CPU-bound tasks are calibrated per language to the same duration. */
  readonly params: { readonly node: TaskParams; readonly python: TaskParams }
  readonly jobs: readonly number[]
  readonly contestants: readonly string[]
  /** Sample the RSS of each driver's process tree. */
  readonly memory?: boolean
  /**
   * Time each driver's first call with the data apart (metric `first`, one per driver,
   * before the warm-up), from the later calls with the same data (metric `time`).
   */
  readonly firstCall?: boolean
  /** Rounds, when not the run's setting. */
  readonly rounds?: number
  /** Warm calls per round (cold workloads). */
  readonly warmCalls?: number
  /** Why someone is missing, or how to read the table. */
  readonly notes?: readonly string[]
}

export interface WorkloadSettings {
  readonly quick: boolean
  readonly jobs: number
  readonly cpuCount: number
  /** `spin` iterations that take about 1 ms, per language. */
  readonly iters: { readonly node: number; readonly python: number }
}

export const OURS = ['serial', 'loky', 'threading']
export const PEERS_PER_TASK = ['tinypool-threads', 'tinypool-process', 'piscina', 'workerpool', 'threadsjs']
/** The thread pools that share a SharedArrayBuffer with their workers (threads.js is slow per task). */
export const THREAD_POOLS = ['tinypool-threads', 'piscina', 'workerpool']
/** Thread pools fed chunks of 1,000 tasks by hand, for the many-small-task workloads. */
export const BATCHED = ['tinypool-batched', 'piscina-batched']
/** multitask's two local backends with their driver on Deno and on Bun. */
export const RUNTIMES = ['threading-deno', 'loky-deno', 'threading-bun', 'loky-bun']
export const JOBLIB = ['python-loop', 'joblib-loky', 'joblib-threading']

/** `spin` arguments for tasks of about `fraction` ms, per language. */
export const spinParams = (s: WorkloadSettings, fraction: number) => ({
  node: { iters: Math.max(1, Math.round(s.iters.node * fraction)) },
  python: { iters: Math.max(1, Math.round(s.iters.python * fraction)) },
})

/** The same count for every per-task peer, with exceptions. */
export const perTask = (count: number, extra: Record<string, number> = {}) => ({
  ...Object.fromEntries(PEERS_PER_TASK.map((id) => [id, count])),
  ...extra,
})
