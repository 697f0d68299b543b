export { buildWorkloads } from './all.js'
export type { Workload, WorkloadSettings } from './workload.js'
