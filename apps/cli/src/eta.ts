/**
 * The rate and time left of a run, measured from the first finished task: until then
 * the clock would count worker start-up (processes forking, modules importing) as task
 * time, and the first estimates would be far too long.
 */
export class RateClock {
  private first: { done: number; elapsedMs: number } | undefined

  constructor(private readonly total: number) {}

  /** The rate in tasks per second and the seconds left, or undefined before two points in time are known. */
  update(done: number, elapsedMs: number): { rate: number; etaSeconds: number } | undefined {
    if (done >= this.total) {
      const rate = this.first === undefined ? (elapsedMs > 0 ? (done * 1000) / elapsedMs : 0) : this.rateSince(done, elapsedMs)
      return { rate, etaSeconds: 0 }
    }
    if (done === 0) return undefined
    if (this.first === undefined) {
      this.first = { done, elapsedMs }
      return undefined
    }
    const rate = this.rateSince(done, elapsedMs)
    return rate > 0 ? { rate, etaSeconds: Math.round((this.total - done) / rate) } : undefined
  }

  private rateSince(done: number, elapsedMs: number): number {
    const tasks = done - this.first!.done
    const ms = elapsedMs - this.first!.elapsedMs
    return ms > 0 ? (tasks * 1000) / ms : 0
  }
}

/** Seconds as the bar shows them: `42s`, `3m05s`, `2h10m`. */
export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds}s`
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`
  return `${Math.floor(seconds / 3600)}h${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}m`
}
