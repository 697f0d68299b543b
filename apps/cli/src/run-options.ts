/** The options of `multitask run`, as commander parses them. */
export interface RunOptions {
  readonly range?: string
  readonly items?: string
  readonly args?: string
  readonly kwargs?: string
  readonly jobs?: number
  readonly backend?: string
  readonly skip?: string
  readonly maxNbytes?: string
  readonly forceThreading?: boolean
  readonly forceProcesses?: boolean
  readonly timeout?: number
  readonly maxTasksPerWorker?: number
  readonly workerMemoryLimit?: string
  readonly idleTimeout?: number
  readonly ndjson?: boolean
  readonly out?: string
  readonly progress: boolean
  readonly quiet?: boolean
  readonly verbose?: boolean
}
