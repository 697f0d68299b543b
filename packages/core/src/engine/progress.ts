import type { RetireReason } from '../backend/worker-limits.js'

/** What `onProgress` receives. */
export interface Progress {
  /** Tasks finished so far. */
  readonly done: number
  /** Number of tasks, when the input's length is known up front. */
  readonly total?: number
  /** Milliseconds since the call started. */
  readonly elapsedMs: number
  /**
   * Workers replaced so far, by the option whose limit each reached; present when the
   * call sets `maxTasksPerWorker` or `workerMemoryLimit`.
   */
  readonly workersReplaced?: Readonly<Record<RetireReason, number>>
}

/**
 * Calls `onProgress` at most every `intervalMs` while tasks finish, and always once
 * at the end; a throwing callback is the caller's bug, so it surfaces as the call's error.
 */
export class ProgressReporter {
  private done = 0
  private lastReport = Number.NEGATIVE_INFINITY
  private readonly started = performance.now()
  private readonly replaced: Record<RetireReason, number> | undefined

  constructor(
    private readonly onProgress: ((progress: Progress) => void) | undefined,
    private readonly total: number | undefined,
    /** The call sets worker limits: reports count the workers replaced. */
    countReplaced = false,
    private readonly intervalMs = 100,
  ) {
    this.replaced = countReplaced ? { maxTasksPerWorker: 0, workerMemoryLimit: 0 } : undefined
  }

  /** Records `count` more finished tasks. */
  add(count: number): void {
    this.done += count
    if (this.onProgress === undefined) return
    const now = performance.now()
    if (now - this.lastReport >= this.intervalMs) this.report(now)
  }

  /** Records a worker replaced because it reached the limit of `reason`. */
  workerReplaced(reason: RetireReason): void {
    if (this.replaced !== undefined) this.replaced[reason]++
  }

  /** The last report, with the final count. */
  finish(): void {
    if (this.onProgress !== undefined) this.report(performance.now())
  }

  private report(now: number): void {
    this.lastReport = now
    const progress: { done: number; total?: number; elapsedMs: number; workersReplaced?: Record<RetireReason, number> } = {
      done: this.done,
      elapsedMs: now - this.started,
    }
    if (this.total !== undefined) progress.total = this.total
    if (this.replaced !== undefined) progress.workersReplaced = { ...this.replaced }
    this.onProgress!(progress)
  }
}
