import { CONTESTANTS, contestant, seriesOf, type ContestantInfo } from './contestants/catalog.js'
import type { MachineInfo } from './machine.js'
import type { WorkloadResult } from './runner.js'
import { pairRatio, perTaskMs, summarize, type EntryResult, type Summary } from './stats.js'
import { checkTargets, type TargetCheck } from './targets/index.js'
import type { Workload } from './workloads/index.js'

const MiB = 2 ** 20

export interface EntryReport extends EntryResult {
  readonly label: string
  readonly kind: ContestantInfo['kind']
  readonly summary: Summary
  readonly perTaskUs: Summary
  /** Median tasks per second. */
  readonly tasksPerSecond: number
  /** Per-task speedup over the series loop of the same language (same metric), round by round. */
  readonly speedup: (Summary & { vs: string }) | null
  readonly peakRssMiB: Summary | null
  readonly baselineRssMiB: number | null
  /** Peak minus the RSS just before the call, round by round: what the call itself added. */
  readonly callGrowthMiB: Summary | null
}

export interface RatioReport extends Summary {
  /** `ours` is this many times faster than `peer`, per task. */
  readonly ours: string
  readonly peer: string
  readonly jobs: number
  readonly metric: EntryResult['metric']
  readonly rounds: number
}

export interface WorkloadReport extends Omit<Workload, 'counts'> {
  readonly seconds: number
  readonly skipped: { contestant: string; reason: string }[]
  readonly entries: EntryReport[]
  readonly ratios: RatioReport[]
}

export interface BenchResults {
  readonly tool: '@multitask/bench'
  readonly machine: MachineInfo
  readonly settings: {
    readonly quick: boolean
    readonly rounds: number
    readonly warmups: number
    readonly jobs: number
    readonly spinItersPerMs: { node: number; python: number | null }
    readonly pythonNote: string | null
  }
  readonly contestants: readonly ContestantInfo[]
  readonly workloads: WorkloadReport[]
  readonly targets: TargetCheck[]
  /** Contestants whose results disagree with the others' (should be empty). */
  readonly checksumProblems: string[]
}

export function assemble(
  results: readonly WorkloadResult[],
  machine: MachineInfo,
  settings: BenchResults['settings'],
): BenchResults {
  const workloads = results.map((r): WorkloadReport => {
    const { counts: _counts, ...workload } = r.workload
    const entries = r.entries.map((e) => entryReport(e, r.entries))
    const ratios: RatioReport[] = []
    for (const a of r.entries.filter((e) => contestant(e.contestant).kind === 'ours')) {
      for (const b of r.entries.filter((e) => contestant(e.contestant).kind === 'peer' && e.jobs === a.jobs && e.metric === a.metric)) {
        ratios.push({ ours: a.contestant, peer: b.contestant, jobs: a.jobs, metric: a.metric, ...pairRatio(a, b) })
      }
    }
    return { ...workload, seconds: r.seconds, skipped: r.skipped, entries, ratios }
  })
  return {
    tool: '@multitask/bench',
    machine,
    settings,
    contestants: CONTESTANTS,
    workloads,
    targets: checkTargets(results, settings.jobs),
    checksumProblems: checksums(results),
  }
}

function entryReport(e: EntryResult, all: readonly EntryResult[]): EntryReport {
  const info = contestant(e.contestant)
  const summary = summarize(e.ms)
  const series = all.find((x) => x.contestant === seriesOf(e.contestant) && x.metric === e.metric)
  return {
    ...e,
    label: info.label,
    kind: info.kind,
    summary,
    perTaskUs: summarize(perTaskMs(e).map((ms) => ms * 1000)),
    tasksPerSecond: e.tasks / (summary.median / 1000),
    speedup: series && (e.metric === 'time' || e.metric === 'first') ? { vs: series.contestant, ...pairRatio(e, series) } : null,
    peakRssMiB: e.peakRss ? summarize(e.peakRss.map((b) => b / MiB)) : null,
    baselineRssMiB: e.baselineRss === undefined ? null : e.baselineRss / MiB,
    callGrowthMiB: e.peakRss && e.callStartRss ? summarize(e.peakRss.map((p, k) => (p - e.callStartRss![k]!) / MiB)) : null,
  }
}

/** Every contestant must compute the same sums; `spin` and its kin depend on the language's calibration, so they are compared within one. */
function checksums(results: readonly WorkloadResult[]): string[] {
  const problems: string[] = []
  for (const r of results) {
    const groups = new Map<string, EntryResult[]>()
    for (const e of r.entries) {
      if (e.checksum === null) continue
      const language = ['trivial', 'sliceSum', 'fillArray'].includes(r.workload.task) ? '' : contestant(e.contestant).language
      const key = `${e.tasks}:${language}`
      groups.set(key, [...(groups.get(key) ?? []), e])
    }
    for (const group of groups.values()) {
      const expected = group[0]!.checksum
      for (const e of group) {
        if (e.checksum !== expected) problems.push(`${r.workload.id}: ${e.contestant} summed to ${e.checksum}, ${group[0]!.contestant} to ${expected}`)
      }
    }
  }
  return problems
}
