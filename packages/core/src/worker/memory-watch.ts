// A memory reading costs µs (a /proc read for a process's RSS, heap statistics for a
// thread; hundreds of µs for heap statistics on Bun), as much as hundreds of trivial
// tasks. Reading after every task would make `workerMemoryLimit` cost more than the
// tasks; reading at most every SPACING times the reading's own cost keeps it under
// about 1% of the run while a task that allocates megabytes (which takes ms) is
// still followed by a reading.
const SPACING = 100
// Even the clock costs as much as a trivial task (tens of ns): after tasks that ran in
// less than LOOK_MS since the last look, it is looked at half as often, down to once per
// MAX_STRIDE tasks; after a slower stretch, after every task again.
const LOOK_MS = 0.01
const MAX_STRIDE = 64

/**
 * Tells whether a worker's memory is above a limit, reading it after a task only
 * when enough time has passed since the last reading.
 */
export class MemoryWatch {
  private nextAt = 0
  /** The cheapest reading so far: one that the scheduler interrupted must not space out every later one. */
  private readMs = Number.POSITIVE_INFINITY
  private lookedAt = 0
  private stride = 1
  private countdown = 1

  constructor(private readonly memoryUsed: () => number) {}

  /** Whether the memory is above `limit` bytes; false when it is not time to read it yet. */
  exceeds(limit: number): boolean {
    if (--this.countdown > 0) return false
    const now = performance.now()
    this.stride = now - this.lookedAt < LOOK_MS ? Math.min(MAX_STRIDE, 2 * this.stride) : 1
    this.countdown = this.stride
    this.lookedAt = now
    if (now < this.nextAt) return false
    const used = this.memoryUsed()
    this.readMs = Math.min(this.readMs, performance.now() - now)
    this.nextAt = now + SPACING * this.readMs
    return used > limit
  }
}
