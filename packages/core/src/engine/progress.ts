/** What `onProgress` receives. */
export interface Progress {
  /** Tasks finished so far. */
  readonly done: number
  /** Number of tasks, when the input's length is known up front. */
  readonly total?: number
  /** Milliseconds since the call started. */
  readonly elapsedMs: number
}

/**
 * Calls `onProgress` at most every `intervalMs` while tasks finish, and always once
 * at the end; a throwing callback is the caller's bug, so it surfaces as the call's error.
 */
export class ProgressReporter {
  private done = 0
  private lastReport = Number.NEGATIVE_INFINITY
  private readonly started = performance.now()

  constructor(
    private readonly onProgress: ((progress: Progress) => void) | undefined,
    private readonly total: number | undefined,
    private readonly intervalMs = 100,
  ) {}

  /** Records `count` more finished tasks. */
  add(count: number): void {
    this.done += count
    if (this.onProgress === undefined) return
    const now = performance.now()
    if (now - this.lastReport >= this.intervalMs) this.report(now)
  }

  /** The last report, with the final count. */
  finish(): void {
    if (this.onProgress !== undefined) this.report(performance.now())
  }

  private report(now: number): void {
    this.lastReport = now
    const elapsedMs = now - this.started
    this.onProgress!(this.total === undefined ? { done: this.done, elapsedMs } : { done: this.done, total: this.total, elapsedMs })
  }
}
