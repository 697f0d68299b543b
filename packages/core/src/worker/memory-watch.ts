// A memory reading costs µs (a /proc read for a process's RSS, heap statistics for a
// thread; hundreds of µs for heap statistics on Bun), as much as hundreds of trivial
// tasks. Reading after every task would make `workerMemoryLimit` cost more than the
// tasks; reading at most every SPACING times the reading's own cost keeps it under
// about 1% of the run while a task that allocates megabytes (which takes ms) is
// still followed by a reading.
const SPACING = 100

/**
 * Tells whether a worker's memory is above a limit, reading it after a task only
 * when enough time has passed since the last reading.
 */
export class MemoryWatch {
  private nextAt = 0

  constructor(private readonly memoryUsed: () => number) {}

  /** Whether the memory is above `limit` bytes; false when it is not time to read it yet. */
  exceeds(limit: number): boolean {
    const now = performance.now()
    if (now < this.nextAt) return false
    const used = this.memoryUsed()
    this.nextAt = now + SPACING * (performance.now() - now)
    return used > limit
  }
}
