/**
 * Auto-batching in the manner of joblib's `batch_size='auto'`: batches grow while they
 * finish faster than a target duration, so tiny tasks do not pay a message round trip
 * each; they shrink when a batch runs too long; and near the end no batch is larger
 * than a fraction of what is left per worker, so no worker idles while another holds a
 * long batch.
 *
 * Unlike joblib, a batcher can start from what earlier calls of the same function
 * measured (`perTaskMs`): a program calls the same function again and again, and
 * relearning its cost from batches of one on every call costs round trips. A wrong
 * prior is cheap, because a worker stops a batch at its time budget
 * ({@link AutoBatcher.budgetMs}) and the rest is dispatched again.
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
   * The largest first batch when nothing is known of the tasks. A known, small call
   * starts with batches sized to finish in a couple of round trips per worker (a warm
   * call of ten tiny tasks should not pay ten); a large one still starts small, since
   * the tasks' cost is unknown.
   */
  static readonly MAX_FIRST_BATCH = 16

  /**
   * Below this much work per worker, a call is one batch per worker: splitting it
   * further would cost more in round trips (tens of µs each) than any imbalance.
   */
  static readonly TINY_CALL_MS = 1

  /** Below this much work in all, a call is one batch: about the cost of one round trip to a worker. */
  static readonly ONE_BATCH_MS = 0.05

  /** Priors of slower tasks than this are ignored (see the constructor). */
  static readonly PRIOR_MAX_MS = 1

  /** A worker stops a batch after about this long and hands back what it finished. */
  static readonly MAX_BUDGET_MS = 4 * AutoBatcher.MIN_BATCH_MS
  /** The shortest budget, near the end of a call: shorter ones would cost a round trip per few tasks. */
  static readonly MIN_BUDGET_MS = 5

  private size: number
  private perTaskMs: number | undefined
  /** The least a batch has cost beyond running its tasks (its round trip), seen so far. */
  private overheadMs: number | undefined
  /** Set when the whole call is tiny: every batch is an even share of it. */
  private evenShare: number | undefined

  constructor(
    private readonly workers: number,
    total?: number,
    /** What earlier calls of the same function measured per task, if anything. */
    perTaskMs?: number,
  ) {
    const known = total !== undefined && Number.isFinite(total)
    // Only a prior of fast tasks is worth trusting: for tasks of a millisecond or more, the
    // ramp from batches of one costs a few round trips, a small share of one task.
    if (perTaskMs !== undefined && !(perTaskMs < AutoBatcher.PRIOR_MAX_MS)) perTaskMs = undefined
    this.perTaskMs = perTaskMs
    if (known && perTaskMs !== undefined && total * perTaskMs < AutoBatcher.ONE_BATCH_MS) {
      // Less work than one round trip: a second batch would only cost a second message.
      this.evenShare = Math.max(1, total)
      this.size = this.evenShare
    } else if (known && perTaskMs !== undefined && (total * perTaskMs) / workers < AutoBatcher.TINY_CALL_MS) {
      this.evenShare = Math.max(1, Math.ceil(total / workers))
      this.size = this.evenShare
    } else if (perTaskMs !== undefined) {
      this.size = AutoBatcher.sizeFor(perTaskMs)
    } else {
      const fairShare = known ? Math.ceil(total / (2 * workers)) : 1
      this.size = Math.max(1, Math.min(AutoBatcher.MAX_FIRST_BATCH, fairShare))
    }
  }

  /** The size of the next batch, given how many tasks are not dispatched yet. */
  next(remaining: number): number {
    if (this.evenShare !== undefined) return Math.max(1, Math.min(this.evenShare, remaining))
    // Half a worker's fair share of the rest: the tail splits into ever smaller batches, but
    // none with less work than its own round trip, which would cost more than it balances.
    const tailCap = Math.max(1, Math.ceil(remaining / (2 * this.workers)), this.worthARoundTrip())
    return Math.max(1, Math.min(this.size, tailCap, remaining))
  }

  /**
   * How long a worker may run the next batch before it hands back what it finished
   * (the rest is dispatched again, possibly to an idle worker): long enough that
   * batches of the target size never stop early, shorter near the end of a call so
   * the tail does not wait on one long batch. `remaining`: tasks not dispatched yet.
   */
  budgetMs(remaining: number): number | undefined {
    // Before any measurement batches are small (at most MAX_FIRST_BATCH): they run whole.
    if (this.perTaskMs === undefined) return undefined
    if (!Number.isFinite(remaining)) return AutoBatcher.MAX_BUDGET_MS
    const workLeftPerWorker = (remaining * this.perTaskMs) / this.workers
    return Math.max(AutoBatcher.MIN_BUDGET_MS, Math.min(AutoBatcher.MAX_BUDGET_MS, workLeftPerWorker / 2))
  }

  /**
   * Feeds back how long `count` tasks of a batch of `size` took to run (`count < size`: it
   * stopped at its budget) and, when the worker measured that, how long the batch took
   * from sending to its reply (`elapsedMs`), which says what a round trip costs.
   */
  record(count: number, durationMs: number, size = count, elapsedMs?: number): void {
    if (count === 0) return
    // The least, not the mean: a batch that waited behind another at its worker says nothing of the trip.
    if (elapsedMs !== undefined && elapsedMs >= durationMs) this.overheadMs = Math.min(this.overheadMs ?? Infinity, elapsedMs - durationMs)
    const perTask = Math.max(durationMs, 0.001) / count
    // A running mean, so one odd batch does not swing the budget.
    this.perTaskMs = this.perTaskMs === undefined ? perTask : 0.7 * this.perTaskMs + 0.3 * perTask
    if (this.evenShare !== undefined) return
    // Only batches as large as the current size say something about it; tail batches do not.
    if (size < this.size) return
    if (count < size) {
      // Stopped at its budget: these tasks are slower than the size assumed.
      this.size = Math.max(1, Math.min(this.size, AutoBatcher.sizeFor(perTask)))
    } else if (durationMs < AutoBatcher.MIN_BATCH_MS) {
      // joblib doubles the ideal size to converge in few steps; cap the jump so one noisy batch cannot explode it.
      const ideal = AutoBatcher.MIN_BATCH_MS / perTask
      this.size = Math.min(AutoBatcher.MAX_BATCH_SIZE, Math.max(this.size, Math.floor(Math.min(2 * ideal, this.size * 64))))
    } else if (durationMs > AutoBatcher.MAX_BATCH_MS) {
      this.size = AutoBatcher.sizeFor(perTask)
    }
  }

  /** The current (untrimmed) batch size; for diagnostics. */
  get batchSize(): number {
    return this.size
  }

  /** The mean time per task measured so far (or given), if any. */
  get meanTaskMs(): number | undefined {
    return this.perTaskMs
  }

  /** The fewest tasks whose run takes as long as a batch's round trip (1 before both are measured). */
  private worthARoundTrip(): number {
    if (this.overheadMs === undefined || this.perTaskMs === undefined) return 1
    return Math.min(AutoBatcher.MAX_BATCH_SIZE, Math.ceil(this.overheadMs / Math.max(this.perTaskMs, 1e-6)))
  }

  /** A batch of tasks of this duration that lasts about the target. */
  private static sizeFor(perTaskMs: number): number {
    return Math.max(1, Math.min(AutoBatcher.MAX_BATCH_SIZE, Math.floor((2 * AutoBatcher.MIN_BATCH_MS) / Math.max(perTaskMs, 1e-6))))
  }
}
