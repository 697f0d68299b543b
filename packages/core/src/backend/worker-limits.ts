/**
 * When a worker is replaced by a fresh one: the call options `maxTasksPerWorker` and
 * `workerMemoryLimit`, as they reach a backend (`TaskCall.workerLimits`) and its
 * workers (in the call's payload). Core's worker runtime enforces them; a backend only
 * replaces a worker whose reply says it retires.
 */
export interface WorkerLimits {
  /** Tasks a worker runs (over all calls) before it is replaced; absent: no limit. */
  readonly maxTasksPerWorker?: number
  /** Bytes of memory past which a worker is replaced after its current task; absent: no limit. */
  readonly workerMemoryLimit?: number
}

/** Why a worker retired: the option whose limit it reached. */
export type RetireReason = keyof WorkerLimits

/** The worker limits, in the order the docs and messages list them. */
export const WORKER_LIMIT_OPTIONS: readonly RetireReason[] = ['maxTasksPerWorker', 'workerMemoryLimit']
