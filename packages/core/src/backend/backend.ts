import type { TaskSpec } from '../task/task.js'
import type { NestingInfo } from '../engine/nesting.js'
import type { TaskLogRecord } from '../logs/task-logs.js'
import type { RetireReason, WorkerLimits } from './worker-limits.js'

/**
 * Everything a backend needs to know about one multitask call. Created by multitask
 * and handed to every hook of the backend for that call.
 */
export interface TaskCall {
  /** Unique per call, and random enough to stay so across processes and hosts (letters, digits and '-'); lets workers cache what they need once per call. */
  readonly id: string
  /** The function to run: a plain function (with its source) or a module reference. */
  readonly task: TaskSpec
  /** The `args` argument, passed to every task. */
  readonly args: unknown
  /** The `kwargs` argument, passed to every task in form 2. */
  readonly kwargs: unknown
  /** 1 for `func(args, item)`, 2 for `func(args, kwargs, item)`. */
  readonly form: 1 | 2
  /** Workers this call runs on, as returned by {@link ParallelBackend.effectiveNJobs} and capped by the task count. */
  readonly nJobs: number
  /** Total number of tasks (after skipping); `NaN` when the input is read lazily and its length is unknown. */
  readonly taskCount: number
  /** Binary data in `args`/`kwargs` larger than this many bytes should be shared rather than copied; `null`: never. */
  readonly maxNbytes: number | null
  /** What the workers of this call are: one nesting level below the caller, with their share of CPUs. */
  readonly workerNesting: NestingInfo
  /** Backend options from the enclosing `parallelBackend` context (minus `nJobs`). */
  readonly backendOptions: Readonly<Record<string, unknown>>
  /** The call has a logger: workers capture each task's console and task-logger records and send them back. */
  readonly captureLogs: boolean
  /**
   * When workers are replaced (`maxTasksPerWorker`, `workerMemoryLimit`); absent when
   * the call sets neither. Given only to a backend that declares it can honour each
   * limit set ({@link BackendCapabilities.supportsMaxTasksPerWorker}). Core's shipping
   * puts it in the payload and core's worker runtime enforces it: a worker whose reply
   * says it retires ({@link BatchOutcome.retired}) must be replaced by the backend
   * before it takes another batch.
   */
  readonly workerLimits?: WorkerLimits
}

/** A run of consecutive tasks sent to a worker together. */
export interface TaskBatch {
  /** Index of the first task of the batch among the call's (non-skipped) tasks. */
  readonly start: number
  /** The items, in task order; task `start + k` gets `items[k]`. */
  readonly items: readonly unknown[]
  /**
   * A time budget in ms: a backend may stop the batch after the first task that ends
   * past it and resolve with the results of the tasks run so far (at least one);
   * multitask dispatches the rest again, maybe to an idle worker. This keeps a batch
   * that met a run of slow tasks from holding the end of a call. A backend that
   * ignores it runs the whole batch, which is always correct.
   */
  readonly budgetMs?: number
}

/** What {@link ParallelBackend.runBatch} resolves with. */
export interface BatchOutcome {
  /**
   * One result per item of the batch, in batch order; or, when the batch had a
   * `budgetMs`, the results of its first tasks only (at least one).
   */
  readonly results: unknown[]
  /**
   * Time the worker spent running the batch, without transport and queueing; feeds
   * auto-batching. When omitted, the time from dispatch to completion is used.
   */
  readonly durationMs?: number
  /** Records the batch's tasks logged, when the call captures logs; multitask emits them in task order. */
  readonly logs?: readonly TaskLogRecord[]
  /**
   * Set when the worker that ran the batch reached one of the call's
   * {@link TaskCall.workerLimits}: the option whose limit it reached. The worker is
   * replaced before it takes more work; `results` may then cover the batch's first tasks
   * only (at least one), and multitask dispatches the rest again.
   */
  readonly retired?: RetireReason
}

/** What a backend's workers are. */
export type RunsOn = 'in-process' | 'threads' | 'processes' | 'remote' | 'web-workers'

/**
 * What a backend can do, as plain flags (never tested with `instanceof`). Core chooses
 * by them: `forceProcesses` takes the installed backend that runs on `'processes'`,
 * `forceThreading` and the calls made inside a worker the one on `'threads'`, and the
 * default for parallel calls is the installed backend with the highest `defaultPriority`.
 */
export interface BackendCapabilities {
  /** Where tasks run: in the caller's thread, worker threads, worker processes, other machines, or a page's Web Workers. */
  readonly runsOn: RunsOn
  /** Tasks can see writes made to `SharedArrayBuffer`s in `args`, and the caller sees theirs. */
  readonly supportsSharedMemory: boolean
  /** The backend can stop a running task when a per-task timeout expires. */
  readonly supportsTimeout: boolean
  /**
   * The backend runs plain functions shipped as source; `false` when it needs module
   * references (multitask then runs shipped functions in series, with one warning).
   * @default true
   */
  readonly takesSource?: boolean
  /**
   * Rank among installed backends for the default of parallel calls: the highest wins.
   * Leave it unset for a backend that should be used only when named (a remote one).
   * Ours: loky 20, threading 10.
   */
  readonly defaultPriority?: number
  /**
   * The backend replaces a worker whose reply says it retires, so calls on it may set
   * `maxTasksPerWorker`. A backend with workers that leaves this unset rejects the
   * option (with a `TypeError` before any task runs); on an `'in-process'` backend the
   * option does nothing, as in series.
   * @default false
   */
  readonly supportsMaxTasksPerWorker?: boolean
  /**
   * As {@link supportsMaxTasksPerWorker}, for `workerMemoryLimit`: its workers can also
   * measure their memory (`createWorkerRuntime({ memoryUsed })`).
   * @default false
   */
  readonly supportsWorkerMemoryLimit?: boolean
}

/**
 * A parallel backend: the counterpart of joblib's `ParallelBackendBase`. One method is
 * required, {@link ParallelBackend.runBatch}; every other hook is optional and has a
 * safe default. multitask does the scheduling (auto-batching, ordering, fallback to
 * series, error handling); a backend only moves batches to workers and back.
 *
 * Lifecycle of one parallel call:
 * `effectiveNJobs` → `warmUp` (only while a module task is being got ready) → `startCall` → `runBatch` (many times, concurrently) → `abortCall`
 * (only when the call failed with batches still running) → `endCall`.
 *
 * @example
 * ```ts
 * import { registerParallelBackend, runBatchInProcess, type ParallelBackend } from '@multitask/core'
 * const inline: ParallelBackend = {
 *   name: 'inline',
 *   runsOn: 'in-process', supportsSharedMemory: true, supportsTimeout: false,
 *   runBatch: (call, batch) => runBatchInProcess(call, batch),
 * }
 * registerParallelBackend('inline', () => inline)
 * ```
 */
export interface ParallelBackend extends BackendCapabilities {
  /** Name for messages and `multitask backends`. */
  readonly name: string

  /**
   * Required. Runs the tasks `batch.start .. batch.start + batch.items.length - 1` of
   * `call` and resolves with their results in batch order (and, ideally, the time the
   * worker spent on them). Called concurrently, up to
   * about twice `call.nJobs` batches at once.
   *
   * Must reject with the task's own error (e.g. a `RemoteTaskError` carrying the
   * worker's stack) when a task throws, with a `WorkerTerminatedError` when the worker
   * dies, and with a `FallbackToSeries` only when the call cannot run on this
   * backend at all (unshippable function, unserializable arguments).
   */
  runBatch(call: TaskCall, batch: TaskBatch): Promise<BatchOutcome>

  /**
   * Called before a call is planned, with the worker count the caller asked for (at
   * least 2); returns the count the backend will really use. Returning 1 makes the
   * call run in series. Default: `nJobs` unchanged.
   */
  effectiveNJobs?(nJobs: number): number

  /**
   * Called when a call has been planned on this backend while its task is still being
   * got ready in the caller (a module reference imported, a TypeScript module
   * compiled): start up to `nJobs` workers now, so that they boot meanwhile. It only
   * starts workers: `startCall` follows once the task is ready, or never (its module
   * failed to load), so what it starts must serve later calls, be stopped by
   * `terminate`, and not keep the process alive while idle. Must not throw.
   * Default: workers start with the call.
   */
  warmUp?(nJobs: number): void

  /**
   * Called once per call before its first batch: start or resize the pool, stage large
   * arguments. May throw `FallbackToSeries`; if it throws, it must leave nothing
   * allocated for the call, because `endCall` is then not called.
   */
  startCall?(call: TaskCall): Promise<void> | void

  /**
   * Called when the call has failed while some of its batches still run: stop them
   * (replacing their workers), so nothing keeps working for a call nobody waits for.
   * The backend must stay usable for later calls. Default: let the batches finish.
   */
  abortCall?(call: TaskCall, reason: unknown): Promise<void> | void

  /**
   * Called exactly once after every successful `startCall`, whether the call
   * succeeded, failed or fell back to series: release what the call held (temp files,
   * arguments cached in workers). Must not throw.
   */
  endCall?(call: TaskCall): Promise<void> | void

  /**
   * Shuts the backend's pool down. After it resolves no worker of this backend is
   * running; a later call may start a new pool.
   */
  terminate?(): Promise<void>
}

/** Creates a backend from the options of a `parallelBackend` context (minus `nJobs`). */
export type BackendFactory = (options: Readonly<Record<string, unknown>>) => ParallelBackend
