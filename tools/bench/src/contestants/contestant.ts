import type { TaskName } from '../tasks.js'

/** One way of running `n` tasks: ours, a peer, or a baseline, inside a driver process. */
export interface Contestant {
  /** Runs tasks `0..n-1` of `task` with `jobs` workers; resolves with the results in order. */
  run(task: TaskName, n: number, jobs: number, args: unknown): Promise<unknown[]>
  /** Frees the pool, so the driver can exit. */
  close(): Promise<void>
  /**
   * Starts the pool of `jobs` workers, untimed, so that every worker has run something.
   * Without it the driver runs `jobs * 4` trivial tasks, which reach every worker of a
   * pool fed one task at a time.
   */
  warmUp?(jobs: number): Promise<unknown>
  /** True when `args` should hold the big array in a SharedArrayBuffer (thread pools' way of sharing). */
  readonly sharesMemory?: boolean
}

/** The message the peers' worker scripts receive: one task. */
export interface PeerTask {
  readonly task: TaskName
  readonly args: unknown
  readonly i: number
}

/** The message of the hand-batched peers' worker script: tasks `from..to-1`. */
export interface PeerBatch {
  readonly task: TaskName
  readonly args: unknown
  readonly from: number
  readonly to: number
}

/**
 * Keeps one pool per `jobs` value for peers whose pool size is fixed at creation;
 * a new `jobs` replaces the pool (the driver warms it up before timing).
 */
export class PoolSlot<P> {
  private pool: P | null = null
  private jobs = 0

  constructor(
    private readonly create: (jobs: number) => P,
    private readonly destroy: (pool: P) => Promise<unknown>,
  ) {}

  async get(jobs: number): Promise<P> {
    if (this.pool !== null && this.jobs === jobs) return this.pool
    await this.close()
    this.pool = this.create(jobs)
    this.jobs = jobs
    return this.pool
  }

  async close(): Promise<void> {
    const pool = this.pool
    this.pool = null
    if (pool !== null) await this.destroy(pool)
  }
}
