import { seriesOf } from '../contestants/catalog.js'
import { pairRatio, perTaskMs, roundRatios, summarize, type EntryResult, type Summary } from '../stats.js'
import type { Workload } from '../workloads/index.js'

/** What the targets read off a run: each workload's id and params, and its entries (a run, or a results.json). */
export interface RunFigures {
  readonly workload: Pick<Workload, 'id' | 'params'>
  readonly entries: readonly EntryResult[]
}

export type Measured = Summary | null

/**
 * The figures the targets are judged on, each summarized round by round (median, min,
 * max); null when a contestant did not run. Ratios say how many times faster `a` is than
 * `b`, per task, both measured in the same round.
 */
export function measures(results: readonly RunFigures[], jobs: number) {
  const find = (workload: string, id: string, metric: EntryResult['metric'] = 'time') =>
    results.find((r) => r.workload.id === workload)?.entries.find((e) => e.contestant === id && e.metric === metric && (e.jobs === jobs || e.contestant.endsWith('loop')))
  return {
    ratio(workload: string, a: string, b: string, metric: EntryResult['metric'] = 'time'): Measured {
      const ea = find(workload, a, metric)
      const eb = find(workload, b, metric)
      return ea && eb ? pairRatio(ea, eb) : null
    },

    /** How many times faster `a` is than the fastest of `peers` in each round (a peer that did not run is left out). */
    vsFastest(workload: string, a: string, peers: readonly string[], metric: EntryResult['metric'] = 'time'): Measured {
      const ea = find(workload, a, metric)
      const rivals = peers.map((p) => find(workload, p, metric)).filter((e) => e !== undefined)
      if (!ea || rivals.length === 0) return null
      const perRound = rivals.map((p) => roundRatios(ea, p))
      const rounds = Math.min(...perRound.map((r) => r.length))
      return summarize(Array.from({ length: rounds }, (_, r) => Math.min(...perRound.map((ratios) => ratios[r]!))))
    },

    /** `a`'s speedup over its language's series loop, over `b`'s over its own, round by round. */
    speedupRatio(workload: string, a: string, b: string): Measured {
      const [ea, sa, eb, sb] = [a, seriesOf(a), b, seriesOf(b)].map((id) => find(workload, id))
      if (!ea || !sa || !eb || !sb) return null
      const speedupA = roundRatios(ea, sa)
      const speedupB = roundRatios(eb, sb)
      return summarize(speedupA.slice(0, speedupB.length).map((x, r) => x / speedupB[r]!))
    },

    time(workload: string, id: string, metric: EntryResult['metric']): Measured {
      const e = find(workload, id, metric)
      return e ? summarize(e.ms) : null
    },

    /** The call's time over its tasks; with tasks that do nothing, that is all overhead. */
    perTaskUs(workload: string, id: string): Measured {
      const e = find(workload, id)
      return e ? summarize(perTaskMs(e).map((ms) => ms * 1000)) : null
    },

    /** Peak RSS growth during the call, in sizes of the workload's array. */
    memory(workload: string, id: string): Measured {
      const w = results.find((r) => r.workload.id === workload)
      const e = find(workload, id)
      if (!w || !e?.peakRss || !e.callStartRss) return null
      const bytes = w.workload.params.node.dataBytes!
      return summarize(e.peakRss.map((p, k) => (p - e.callStartRss![k]!) / bytes))
    },
  }
}
