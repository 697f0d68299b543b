import { cpu, fine, scaling, trivial, uneven } from './compute.js'
import { bigdata, fresh, results, runtimes } from './data.js'
import { cold, tsmodule } from './startup.js'
import { memcheck, recycle } from './recycle.js'
import type { Workload, WorkloadSettings } from './workload.js'

/** Every workload, in report order, full size or `--quick`. */
const ALL = [trivial, fine, cpu, bigdata, fresh, runtimes, results, cold, tsmodule, scaling, uneven, recycle, memcheck] as const

export function buildWorkloads(s: WorkloadSettings): Workload[] {
  return ALL.map((build) => build(s))
}
