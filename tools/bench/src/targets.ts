import { pairRatio, perTaskMs, summarize, type EntryResult } from './stats.js'
import type { WorkloadResult } from './runner.js'

/** The backend each issue's targets are about. */
const BACKENDS = { 3: 'loky', 4: 'threading', 11: 'bullmq' } as const
type Issue = keyof typeof BACKENDS

/** One performance target of issues 3 (loky), 4 (threading) and 11 (bullmq), read off a run. */
export interface TargetCheck {
  readonly issue: Issue
  readonly backend: (typeof BACKENDS)[Issue]
  readonly target: string
  /** The median and range measured, in the target's unit. */
  readonly measured: { median: number; min: number; max: number } | null
  readonly unit: 'x' | 'ms' | 'µs'
  readonly bound: number
  /** `atLeast`: measured >= bound; `below`: measured < bound. */
  readonly sense: 'atLeast' | 'below'
  /** Judged on the median; null when a contestant is missing. */
  readonly met: boolean | null
}

export function checkTargets(results: readonly WorkloadResult[], jobs: number): TargetCheck[] {
  const find = (workload: string, id: string, metric: EntryResult['metric'] = 'time') =>
    results.find((r) => r.workload.id === workload)?.entries.find((e) => e.contestant === id && e.metric === metric && (e.jobs === jobs || e.contestant.endsWith('loop')))
  const ratio = (workload: string, a: string, b: string) => {
    const ea = find(workload, a)
    const eb = find(workload, b)
    return ea && eb ? pairRatio(ea, eb) : null
  }
  const time = (id: string, metric: 'cold' | 'warm') => {
    const e = find('cold', id, metric)
    return e ? summarize(e.ms) : null
  }
  // The call's time over its tasks; with tasks that do nothing, that is all overhead.
  const perTaskUs = (workload: string, id: string) => {
    const e = find(workload, id)
    return e ? summarize(perTaskMs(e).map((ms) => ms * 1000)) : null
  }
  const memory = (id: string) => {
    const w = results.find((r) => r.workload.id === 'bigdata')
    const e = find('bigdata', id)
    if (!w || !e?.peakRss || !e.callStartRss) return null
    const bytes = w.workload.params.node.dataBytes!
    return summarize(e.peakRss.map((p, k) => (p - e.callStartRss![k]!) / bytes))
  }
  const checks: TargetCheck[] = []
  const add = (issue: Issue, target: string, measured: TargetCheck['measured'], unit: TargetCheck['unit'], sense: TargetCheck['sense'], bound: number) => {
    const met = measured === null ? null : sense === 'atLeast' ? measured.median >= bound : measured.median < bound
    checks.push({ issue, backend: BACKENDS[issue], target, measured, unit, bound, sense, met })
  }
  add(3, "200k trivial: throughput vs joblib's loky", ratio('trivial', 'loky', 'joblib-loky'), 'x', 'atLeast', 5)
  add(3, '200k trivial: throughput vs raw tinypool (child_process)', ratio('trivial', 'loky', 'tinypool-process'), 'x', 'atLeast', 50)
  add(3, '2,000 × 1 ms: speedup over series', ratio('cpu', 'loky', 'loop'), 'x', 'atLeast', 1.85)
  add(3, '50,000 × 10 µs: speedup over series', ratio('fine', 'loky', 'loop'), 'x', 'atLeast', 1.6)
  add(3, "64 MiB, 256 slices: faster than joblib's loky with memmapping", ratio('bigdata', 'loky', 'joblib-loky'), 'x', 'atLeast', 2)
  add(3, '64 MiB, 256 slices: faster than joblib with max_nbytes=None', ratio('bigdata', 'loky', 'joblib-loky-nomemmap'), 'x', 'atLeast', 100)
  add(3, 'first call, cold pool of 2', time('loky', 'cold'), 'ms', 'below', 300)
  add(3, 'warm call of 10 tiny tasks', time('loky', 'warm'), 'ms', 'below', 3)
  add(4, "200k trivial: throughput vs joblib's threading", ratio('trivial', 'threading', 'joblib-threading'), 'x', 'atLeast', 50)
  add(4, '200k trivial: throughput vs raw threads.js Pool', ratio('trivial', 'threading', 'threadsjs'), 'x', 'atLeast', 100)
  add(4, '2,000 × 1 ms: speedup over series', ratio('cpu', 'threading', 'loop'), 'x', 'atLeast', 1.85)
  add(4, '50,000 × 10 µs: speedup over series', ratio('fine', 'threading', 'loop'), 'x', 'atLeast', 1.6)
  add(4, "64 MiB, 256 slices: faster than joblib's loky with memmapping", ratio('bigdata', 'threading', 'joblib-loky'), 'x', 'atLeast', 4)
  add(4, '64 MiB: peak RSS growth during the call, in data sizes (the caller\'s array made before it)', memory('threading'), 'x', 'below', 1.5)
  add(4, 'warm call of 10 tiny tasks', time('threading', 'warm'), 'ms', 'below', 2)
  add(4, 'first call, cold pool of 2', time('threading', 'cold'), 'ms', 'below', 100)
  add(11, '2,000 × 1 ms: speedup over series', ratio('cpu', 'bullmq', 'loop'), 'x', 'atLeast', 1.6)
  add(11, '200k trivial: per-task time (all overhead: the task does nothing)', perTaskUs('trivial', 'bullmq'), 'µs', 'below', 20)
  return checks
}
