import { readdirSync, readFileSync } from 'node:fs'

const PAGE = 4096

function readOr(path: string, fallback: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return fallback // the process ended between listing and reading
  }
}

/** The pid and all its descendants, from /proc/<pid>/task/<tid>/children (Linux). */
export function processTree(root: number): number[] {
  const seen: number[] = []
  const stack = [root]
  while (stack.length > 0) {
    const pid = stack.pop()!
    seen.push(pid)
    let tids: string[] = []
    try {
      tids = readdirSync(`/proc/${pid}/task`)
    } catch {
      continue
    }
    for (const tid of tids) {
      for (const child of readOr(`/proc/${pid}/task/${tid}/children`, '').split(' ')) {
        if (child.trim() !== '') stack.push(Number(child))
      }
    }
  }
  return seen
}

/** Resident set size of the processes, summed (bytes). Pages shared between them count once per process. */
export function treeRss(pids: readonly number[]): number {
  let total = 0
  for (const pid of pids) {
    const statm = readOr(`/proc/${pid}/statm`, '0 0').split(' ')
    total += Number(statm[1]) * PAGE
  }
  return total
}

/**
 * Samples the RSS of a process tree until stopped: statm of the known pids every
 * `intervalMs`, the tree itself re-read every 10th sample (new workers appear).
 * Reads are synchronous and few, to stay out of the contestants' way.
 */
export class RssSampler {
  private peak = 0
  /** The first sample: the tree before the call. */
  readonly start: number
  private pids: number[]
  private ticks = 0
  private readonly timer: NodeJS.Timeout

  constructor(private readonly root: number, intervalMs = 5) {
    this.pids = processTree(root)
    this.sample()
    this.start = this.peak
    this.timer = setInterval(() => this.sample(), intervalMs)
  }

  private sample(): void {
    if (this.ticks++ % 10 === 0) this.pids = processTree(this.root)
    this.peak = Math.max(this.peak, treeRss(this.pids))
  }

  /** Stops sampling; returns the peak in bytes. */
  stop(): number {
    clearInterval(this.timer)
    this.sample()
    return this.peak
  }
}

/** A supported system? (Linux with /proc; elsewhere memory columns stay empty.) */
export function canSampleRss(): boolean {
  return readOr(`/proc/${process.pid}/statm`, '') !== ''
}
