/**
 * Auto-batching in the manner of joblib's `batch_size='auto'`: batches start at one
 * task and grow while they finish faster than a target duration, so tiny tasks do
 * not pay a message round trip each; they shrink when a batch runs too long; and
 * near the end no batch is larger than a fraction of what is left per worker, so no
 * worker idles while another holds a long batch.
 */
export class AutoBatcher {
  /** Batches shorter than this grow: below it, the round trip (about 0.1 ms) is a visible share. */
  static readonly MIN_BATCH_MS = 20
  /** Batches longer than this shrink, so a slow batch cannot hold the tail of a call. */
  static readonly MAX_BATCH_MS = 200
  /**
   * No batch holds more tasks than this, whatever their speed: past it the round trip
   * is already under 1% of the batch, and streaming keeps a window of a few batches
   * per worker, which must stay small enough to bound memory.
   */
  static readonly MAX_BATCH_SIZE = 10_000

  /**
   * The largest first batch. A known, small call starts with batches sized to finish
   * in a couple of round trips per worker (a warm call of ten tiny tasks should not
   * pay ten); a large one still starts small, since the tasks' cost is unknown.
   */
  static readonly MAX_FIRST_BATCH = 16

  private size: number

  constructor(
    private readonly workers: number,
    total?: number,
  ) {
    const fairShare = total === undefined || !Number.isFinite(total) ? 1 : Math.ceil(total / (2 * workers))
    this.size = Math.max(1, Math.min(AutoBatcher.MAX_FIRST_BATCH, fairShare))
  }

  /** The size of the next batch, given how many tasks are not dispatched yet. */
  next(remaining: number): number {
    // Half a worker's fair share of the rest: the tail splits into ever smaller batches.
    const tailCap = Math.max(1, Math.ceil(remaining / (2 * this.workers)))
    return Math.max(1, Math.min(this.size, tailCap, remaining))
  }

  /** Feeds back how long a batch of `count` tasks took to run. */
  record(count: number, durationMs: number): void {
    // Only batches as large as the current size say something about it; tail batches do not.
    if (count < this.size) return
    const perTask = Math.max(durationMs, 0.001) / count
    if (durationMs < AutoBatcher.MIN_BATCH_MS) {
      // joblib doubles the ideal size to converge in few steps; cap the jump so one noisy batch cannot explode it.
      const ideal = AutoBatcher.MIN_BATCH_MS / perTask
      this.size = Math.min(AutoBatcher.MAX_BATCH_SIZE, Math.max(this.size, Math.floor(Math.min(2 * ideal, this.size * 64))))
    } else if (durationMs > AutoBatcher.MAX_BATCH_MS) {
      this.size = Math.max(1, Math.floor(AutoBatcher.MIN_BATCH_MS / perTask))
    }
  }

  /** The current (untrimmed) batch size; for diagnostics. */
  get batchSize(): number {
    return this.size
  }
}
