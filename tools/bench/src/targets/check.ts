import { num, unitSuffix } from '../format.js'
import type { TargetCheck } from './targets.js'

const SIGN = { atLeast: '>=', atMost: '<=', below: '<' } as const

/** One line per target: verdict, issue, backend, target, median (min–max) and bound. */
export function targetLine(t: TargetCheck): string {
  const unit = unitSuffix(t.unit)
  const value = t.measured ? `${num(t.measured.median)}${unit} (${num(t.measured.min)}–${num(t.measured.max)}${unit})` : 'not measured'
  const verdict = t.met === null ? '  -  ' : t.met ? ' met ' : ' MISS'
  return `[${verdict}] #${t.issue} ${t.backend}: ${t.target}: ${value} (${SIGN[t.sense]} ${num(t.bound)}${unit})`
}

/**
 * `--check`: judges the targets of the given issues (all when null). Fails when one is
 * missed; targets whose contestants did not run (an `--only` run, a missing runtime) are
 * reported as not measured and do not fail it.
 */
export function judge(targets: readonly TargetCheck[], issues: ReadonlySet<number> | null): { summary: string; failed: boolean } {
  const judged = targets.filter((t) => issues === null || issues.has(t.issue))
  const missed = judged.filter((t) => t.met === false)
  const met = judged.filter((t) => t.met === true).length
  const unmeasured = judged.length - met - missed.length
  const which = issues === null ? 'every issue' : `issue${issues.size > 1 ? 's' : ''} ${[...issues].join(', ')}`
  const lines = [`check (${which}): ${met} met, ${missed.length} missed, ${unmeasured} not measured, of ${judged.length} targets.`]
  for (const t of missed) lines.push(`  missed: #${t.issue} ${t.backend}: ${t.target}`)
  if (judged.length > 0 && unmeasured === judged.length) lines.push('  Nothing was measured: run the workloads these targets read (see --only).')
  return { summary: lines.join('\n'), failed: missed.length > 0 }
}
