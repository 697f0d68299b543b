/** Median, min and max of some samples. */
export interface Summary {
  readonly median: number
  readonly min: number
  readonly max: number
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) return { median: NaN, min: NaN, max: NaN }
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]! }
}

/** One contestant's measurements in one workload, at one `jobs`, round by round. */
export interface EntryResult {
  readonly contestant: string
  readonly jobs: number
  /** Tasks per call (smaller than the workload's `n` for slow per-task peers). */
  readonly tasks: number
  /**
   * `time`: the call; `first`: a driver's first call with the workload's data (one sample,
   * before the warm-up; `time` is then the later calls with the same data); `cold`: the
   * first call of a fresh process; `warm`: a later call (median per round).
   */
  readonly metric: 'time' | 'first' | 'cold' | 'warm'
  /** Milliseconds, one per round (index = round). */
  readonly ms: number[]
  checksum: number | null
  /** Peak RSS of the driver's process tree during each round's call (bytes). */
  readonly peakRss?: number[]
  /** RSS of the tree just before each round's call, the caller's data already made (bytes). */
  readonly callStartRss?: number[]
  /** RSS of the tree with the pool up, before the data existed (bytes). */
  baselineRss?: number
}

/** Per-task milliseconds of each round. */
export const perTaskMs = (e: EntryResult): number[] => e.ms.map((ms) => ms / e.tasks)

/**
 * How many times faster `a` is than `b` per task, round by round (both measured in the
 * same round, so slow drifts of the machine cancel), summarized.
 */
export function pairRatio(a: EntryResult, b: EntryResult): Summary & { rounds: number } {
  const ratios = roundRatios(a, b)
  return { ...summarize(ratios), rounds: ratios.length }
}

/** The per-task ratio b / a of each round both measured. */
export function roundRatios(a: EntryResult, b: EntryResult): number[] {
  const ratios: number[] = []
  for (let r = 0; r < Math.min(a.ms.length, b.ms.length); r++) {
    ratios.push(b.ms[r]! / b.tasks / (a.ms[r]! / a.tasks))
  }
  return ratios
}
