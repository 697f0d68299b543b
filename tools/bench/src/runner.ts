import { contestant, driverSpec, type DriverPrograms, type Program } from './contestants/catalog.js'
import { DriverClient } from './driver-client.js'
import { RssSampler, processTree, treeRss } from './rss.js'
import { summarize, type EntryResult } from './stats.js'
import type { Workload } from './workloads/index.js'

export interface RunSettings {
  readonly rounds: number
  readonly warmups: number
  /** Where the drivers' runtimes are (null: missing, and their contestants are skipped). */
  readonly programs: DriverPrograms
  /** What is missing of the programs some contestants need, and why. */
  readonly missing: Partial<Record<Program, string>>
  readonly log: (line: string) => void
  readonly echo: (line: string) => void
}

export interface WorkloadResult {
  readonly workload: Workload
  readonly entries: EntryResult[]
  readonly skipped: { contestant: string; reason: string }[]
  readonly seconds: number
}

const params = (w: Workload, id: string) => w.params[contestant(id).language]
const count = (w: Workload, id: string) => w.counts[id] ?? w.n

/** Runs one workload: every contestant in turn, round after round (A B C, C B A, ...). */
export async function runWorkload(w: Workload, s: RunSettings): Promise<WorkloadResult> {
  const started = Date.now()
  const skipped: WorkloadResult['skipped'] = []
  const ids = w.contestants.filter((id) => {
    const { language, needs } = contestant(id)
    if (language === 'python' && s.programs.python === null) {
      skipped.push({ contestant: id, reason: 'no Python with joblib found' })
      return false
    }
    if (needs !== undefined && s.missing[needs] !== undefined) {
      skipped.push({ contestant: id, reason: s.missing[needs]! })
      return false
    }
    return true
  })
  const entries = w.kind === 'cold' ? await runCold(w, ids, s, skipped) : await runTimed(w, ids, s, skipped)
  return { workload: w, entries, skipped, seconds: (Date.now() - started) / 1000 }
}

async function runTimed(w: Workload, ids: string[], s: RunSettings, skipped: WorkloadResult['skipped']): Promise<EntryResult[]> {
  const drivers = new Map<string, DriverClient>()
  const entries: EntryResult[] = []
  try {
    // Start every driver at once (nothing is measured yet), then set them up one by one.
    for (const id of ids) drivers.set(id, new DriverClient(id, driverSpec(id, s.programs), s.echo))
    const started = await Promise.allSettled([...drivers.values()].map((d) => d.ready))
    for (const [k, id] of [...drivers.keys()].entries()) {
      const outcome = started[k]!
      if (outcome.status === 'rejected') {
        skipped.push({ contestant: id, reason: `driver did not start: ${String(outcome.reason?.message ?? outcome.reason).split('\n')[0]}` })
        drivers.delete(id)
      }
    }
    for (const id of drivers.keys()) {
      const driver = drivers.get(id)!
      if (w.memory) {
        // Pool up, data not yet made: the baseline the data's cost is measured from.
        await driver.run('trivial', 8, w.jobs[0]!, {})
        await new Promise((resolve) => setTimeout(resolve, 200))
        const baselineRss = treeRss(processTree(driver.pid))
        for (const jobs of w.jobs) entries.push(entry(w, id, jobs, 'time', baselineRss))
      } else {
        // The series loops do not depend on jobs: measure them once.
        for (const jobs of contestant(id).kind === 'baseline' ? [w.jobs[0]!] : w.jobs) entries.push(entry(w, id, jobs, 'time'))
      }
    }
    let live = [...entries]
    const firsts: EntryResult[] = []
    if (w.firstCall) {
      // Before any warm-up: each driver's first call with the data, which fills whatever the contestant caches.
      for (const e of entries) {
        const first = entry(w, e.contestant, e.jobs, 'first', e.baselineRss)
        try {
          first.ms.push(await measure(w, drivers.get(e.contestant)!, first, true))
          firsts.push(first)
        } catch (error) {
          skipped.push({ contestant: `${e.contestant}@${e.jobs}`, reason: String((error as Error).message).split('\n')[0]! })
          live = live.filter((x) => x !== e)
        }
      }
      s.log(`  ${w.id}: first calls done`)
    }
    for (let round = 0; round < s.warmups + s.rounds; round++) {
      const warm = round < s.warmups
      const order = round % 2 === 0 ? live : [...live].reverse()
      for (const e of order) {
        try {
          const ms = await measure(w, drivers.get(e.contestant)!, e, !warm)
          if (!warm) e.ms.push(ms)
        } catch (error) {
          skipped.push({ contestant: `${e.contestant}@${e.jobs}`, reason: String((error as Error).message).split('\n')[0]! })
          live = live.filter((x) => x !== e)
        }
      }
      s.log(`  ${w.id}: ${warm ? 'warm-up' : 'round'} ${warm ? round + 1 : round - s.warmups + 1} done`)
    }
    return [...firsts, ...live]
  } finally {
    await Promise.all([...drivers.values()].map((d) => d.close()))
  }
}

function entry(w: Workload, id: string, jobs: number, metric: EntryResult['metric'], baselineRss?: number): EntryResult {
  return { contestant: id, jobs, tasks: count(w, id), metric, ms: [], checksum: null, ...(w.memory ? { peakRss: [], callStartRss: [], baselineRss } : {}) }
}

async function measure(w: Workload, driver: DriverClient, e: EntryResult, keep: boolean): Promise<number> {
  // The arguments first, untimed: a new array must be in the RSS the call's growth is measured from.
  await driver.prepare(w.task, params(w, e.contestant))
  const sampler = w.memory ? new RssSampler(driver.pid) : null
  let reply
  try {
    reply = await driver.run(w.task, e.tasks, e.jobs, params(w, e.contestant))
  } finally {
    const peak = sampler?.stop()
    if (keep && sampler && peak !== undefined) {
      e.peakRss!.push(peak)
      e.callStartRss!.push(sampler.start)
    }
  }
  if (reply.count !== e.tasks) throw new Error(`${e.contestant} returned ${reply.count} results for ${e.tasks} tasks`)
  e.checksum = reply.checksum
  return reply.ms
}

async function runCold(w: Workload, ids: string[], s: RunSettings, skipped: WorkloadResult['skipped']): Promise<EntryResult[]> {
  const jobs = w.jobs[0]!
  const cold = new Map(ids.map((id) => [id, entry(w, id, jobs, 'cold')]))
  const warm = new Map(ids.map((id) => [id, entry(w, id, jobs, 'warm')]))
  let live = [...ids]
  const rounds = w.rounds ?? s.rounds
  for (let round = 0; round < s.warmups + rounds; round++) {
    const keep = round >= s.warmups
    for (const id of round % 2 === 0 ? live : [...live].reverse()) {
      const driver = new DriverClient(id, driverSpec(id, s.programs), s.echo)
      try {
        await driver.ready
        const first = await driver.run(w.task, w.n, jobs, params(w, id), true)
        const later: number[] = []
        for (let k = 0; k < (w.warmCalls ?? 10); k++) later.push((await driver.run(w.task, w.n, jobs, params(w, id))).ms)
        if (keep) {
          cold.get(id)!.ms.push(first.ms)
          warm.get(id)!.ms.push(summarize(later).median)
        }
        cold.get(id)!.checksum = warm.get(id)!.checksum = first.checksum
      } catch (error) {
        skipped.push({ contestant: id, reason: String((error as Error).message).split('\n')[0]! })
        live = live.filter((x) => x !== id)
      } finally {
        await driver.close()
      }
    }
    s.log(`  ${w.id}: ${keep ? 'round' : 'warm-up'} ${keep ? round - s.warmups + 1 : round + 1} done`)
  }
  return live.flatMap((id) => [cold.get(id)!, warm.get(id)!])
}
