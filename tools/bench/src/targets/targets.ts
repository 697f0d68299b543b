import { measures, type Measured, type RunFigures } from './measures.js'

/** One performance target of an issue, read off a run. */
export interface TargetCheck {
  readonly issue: 3 | 4 | 11 | 19
  readonly backend: 'loky' | 'threading' | 'bullmq'
  readonly target: string
  /** The median and range measured, in the target's unit. */
  readonly measured: Measured
  readonly unit: 'x' | 'ms' | 'µs'
  readonly bound: number
  /** `atLeast`: measured >= bound; `below`: measured < bound; `atMost`: measured <= bound. */
  readonly sense: 'atLeast' | 'below' | 'atMost'
  /** Judged on the median; null when a contestant is missing. */
  readonly met: boolean | null
}

/** The thread pools issue 19 measures multitask threading against: the fastest of them, round by round. */
const THREAD_POOLS = ['tinypool-threads', 'piscina', 'workerpool']
/** Within 1.2x of a peer's time: the peer's time over ours, at least this. */
const WITHIN_1_2X = 1 / 1.2

/** The targets of issues 3 (loky), 4 (threading), 11 (bullmq) and 19 (both local backends). */
export function checkTargets(results: readonly RunFigures[], jobs: number): TargetCheck[] {
  const m = measures(results, jobs)
  const checks: TargetCheck[] = []
  const add = (issue: TargetCheck['issue'], backend: TargetCheck['backend'], target: string, measured: Measured, unit: TargetCheck['unit'], sense: TargetCheck['sense'], bound: number) => {
    const met = measured === null ? null : sense === 'atLeast' ? measured.median >= bound : sense === 'atMost' ? measured.median <= bound : measured.median < bound
    checks.push({ issue, backend, target, measured, unit, bound, sense, met })
  }
  add(3, 'loky', "200k trivial: throughput vs joblib's loky", m.ratio('trivial', 'loky', 'joblib-loky'), 'x', 'atLeast', 5)
  add(3, 'loky', '200k trivial: throughput vs raw tinypool (child_process)', m.ratio('trivial', 'loky', 'tinypool-process'), 'x', 'atLeast', 50)
  add(3, 'loky', '2,000 × 1 ms: speedup over series', m.ratio('cpu', 'loky', 'loop'), 'x', 'atLeast', 1.85)
  add(3, 'loky', '50,000 × 10 µs: speedup over series', m.ratio('fine', 'loky', 'loop'), 'x', 'atLeast', 1.6)
  add(3, 'loky', "64 MiB, 256 slices: faster than joblib's loky with memmapping", m.ratio('bigdata', 'loky', 'joblib-loky'), 'x', 'atLeast', 2)
  add(3, 'loky', '64 MiB, 256 slices: faster than joblib with max_nbytes=None', m.ratio('bigdata', 'loky', 'joblib-loky-nomemmap'), 'x', 'atLeast', 100)
  add(3, 'loky', 'first call, cold pool of 2', m.time('cold', 'loky', 'cold'), 'ms', 'below', 300)
  add(3, 'loky', 'warm call of 10 tiny tasks', m.time('cold', 'loky', 'warm'), 'ms', 'below', 3)
  add(4, 'threading', "200k trivial: throughput vs joblib's threading", m.ratio('trivial', 'threading', 'joblib-threading'), 'x', 'atLeast', 50)
  add(4, 'threading', '200k trivial: throughput vs raw threads.js Pool', m.ratio('trivial', 'threading', 'threadsjs'), 'x', 'atLeast', 100)
  add(4, 'threading', '2,000 × 1 ms: speedup over series', m.ratio('cpu', 'threading', 'loop'), 'x', 'atLeast', 1.85)
  add(4, 'threading', '50,000 × 10 µs: speedup over series', m.ratio('fine', 'threading', 'loop'), 'x', 'atLeast', 1.6)
  add(4, 'threading', "64 MiB, 256 slices: faster than joblib's loky with memmapping", m.ratio('bigdata', 'threading', 'joblib-loky'), 'x', 'atLeast', 4)
  add(4, 'threading', "64 MiB: peak RSS growth during the call, in data sizes (the caller's array made before it)", m.memory('bigdata', 'threading'), 'x', 'below', 1.5)
  add(4, 'threading', 'warm call of 10 tiny tasks', m.time('cold', 'threading', 'warm'), 'ms', 'below', 2)
  add(4, 'threading', 'first call, cold pool of 2', m.time('cold', 'threading', 'cold'), 'ms', 'below', 100)
  add(11, 'bullmq', '2,000 × 1 ms: speedup over series', m.ratio('cpu', 'bullmq', 'loop'), 'x', 'atLeast', 1.6)
  add(11, 'bullmq', '200k trivial: per-task time (all overhead: the task does nothing)', m.perTaskUs('trivial', 'bullmq'), 'µs', 'below', 20)
  issue19(m, add)
  return checks
}

type Add = (issue: 19, backend: 'loky' | 'threading', target: string, measured: Measured, unit: 'x', sense: TargetCheck['sense'], bound: number) => void

/**
 * Issue 19: multitask against the peers a user would otherwise pick, on the calls where
 * it lagged. Ratios are round by round; "the fastest thread pool" is the fastest of
 * tinypool (worker_threads), piscina and workerpool in each round.
 */
function issue19(m: ReturnType<typeof measures>, add: Add): void {
  add(19, 'loky', "warm call of 10 tiny tasks: times faster than tinypool (child_process)'s (aim: 2x)", m.ratio('cold', 'loky', 'tinypool-process', 'warm'), 'x', 'atLeast', 1)
  add(19, 'loky', "first call, cold pool of 2: within 1.2x of tinypool (child_process)'s (its time over ours)", m.ratio('cold', 'loky', 'tinypool-process', 'cold'), 'x', 'atLeast', WITHIN_1_2X)
  add(19, 'loky', "64 MiB, a new array every call: faster than joblib's loky with memmapping", m.ratio('fresh', 'loky', 'joblib-loky'), 'x', 'atLeast', 3)
  add(19, 'loky', '64 MiB, the same array again: faster than tinypool (worker_threads) with a SharedArrayBuffer', m.ratio('bigdata', 'loky', 'tinypool-threads'), 'x', 'atLeast', 1)
  add(19, 'loky', "uneven blocks: speedup over Node's series, over joblib loky's speedup over Python's series", m.speedupRatio('uneven', 'loky', 'joblib-loky'), 'x', 'atLeast', 1)
  add(19, 'loky', '50,000 × 10 µs: speedup over series', m.ratio('fine', 'loky', 'loop'), 'x', 'atLeast', 1.8)
  add(19, 'loky', 'TypeScript task module, first call of a fresh process: times faster than the same first call in series', m.ratio('tsmodule', 'loky', 'serial', 'cold'), 'x', 'atLeast', 1)
  add(19, 'loky', "64 tasks returning a 1 MiB Float64Array: faster than joblib's loky returning numpy arrays", m.ratio('results', 'loky', 'joblib-loky'), 'x', 'atLeast', 1)
  add(19, 'threading', "warm call of 10 tiny tasks: times faster than the fastest thread pool's", m.vsFastest('cold', 'threading', THREAD_POOLS, 'warm'), 'x', 'atLeast', 1)
  add(19, 'threading', "first call, cold pool of 2: within 1.2x of the fastest thread pool's (its time over ours)", m.vsFastest('cold', 'threading', THREAD_POOLS, 'cold'), 'x', 'atLeast', WITHIN_1_2X)
  add(19, 'threading', "64 MiB, a new array every call: faster than joblib's loky with memmapping", m.ratio('fresh', 'threading', 'joblib-loky'), 'x', 'atLeast', 5)
  add(19, 'threading', "uneven blocks: speedup over Node's series, over joblib loky's speedup over Python's series", m.speedupRatio('uneven', 'threading', 'joblib-loky'), 'x', 'atLeast', 1)
  add(19, 'threading', '50,000 × 10 µs: speedup over series', m.ratio('fine', 'threading', 'loop'), 'x', 'atLeast', 1.8)
  add(19, 'threading', 'TypeScript task module, first call of a fresh process: times faster than the same first call in series', m.ratio('tsmodule', 'threading', 'serial', 'cold'), 'x', 'atLeast', 1)
  add(19, 'threading', "64 tasks returning a 1 MiB Float64Array: faster than joblib's loky returning numpy arrays", m.ratio('results', 'threading', 'joblib-loky'), 'x', 'atLeast', 1)
  add(19, 'threading', '32 MiB, the first call with the array: time on Deno over time on Node', m.ratio('runtimes', 'threading', 'threading-deno', 'first'), 'x', 'atMost', 2)
  add(19, 'threading', '32 MiB, the same array again: time on Deno over time on Node', m.ratio('runtimes', 'threading', 'threading-deno'), 'x', 'atMost', 2)
}
