import { inheritedExecArgv, type ParsedLokyOptions } from './options.js'
import { ProcessPool } from './process-pool.js'

/**
 * The reusable pool of one backend instance, like loky's reusable executor: calls
 * with the same worker count share the pool; a call with another count gets a new
 * pool and the old one is shut down as soon as no call uses it.
 */
export class PoolManager {
  private current: ProcessPool | undefined
  private readonly retiring = new Set<Promise<void>>()
  private readonly pools = new Set<ProcessPool>()
  // Held while any call runs: tinypool's processes and channels are unref'd, so
  // during a worker's start-up nothing else would keep the caller's event loop alive.
  private keepAlive: ReturnType<typeof setInterval> | undefined
  private activeCalls = 0

  constructor(private readonly options: ParsedLokyOptions) {}

  /** The pool a call of `size` workers runs on; pair with {@link release}. */
  acquire(size: number): ProcessPool {
    const pool = this.poolOf(size)
    pool.active++
    if (this.activeCalls++ === 0) this.keepAlive = setInterval(() => undefined, 2 ** 30)
    return pool
  }

  /** Starts the workers of the pool a call of `size` workers will run on, before the call starts. */
  warmUp(size: number): void {
    this.poolOf(size).warmUp()
  }

  release(pool: ProcessPool): void {
    pool.active--
    if (--this.activeCalls === 0) clearInterval(this.keepAlive)
    if (pool.active === 0 && (pool !== this.current || pool.broken)) this.retire(pool)
  }

  /** Pids of the current pool's live workers. */
  pids(): number[] {
    return this.current?.pids() ?? []
  }

  /** Stops every pool; resolves when all worker processes have exited. */
  async shutdown(): Promise<void> {
    for (const pool of this.pools) this.retire(pool)
    this.current = undefined
    await Promise.all(this.retiring)
  }

  /** The current pool when it has `size` workers and works, else a new one that replaces it. */
  private poolOf(size: number): ProcessPool {
    let pool = this.current
    if (pool === undefined || pool.size !== size || pool.broken) {
      if (pool !== undefined && pool.active === 0) this.retire(pool)
      pool = new ProcessPool({
        size,
        idleTimeout: this.options.idleTimeout,
        execArgv: this.options.execArgv ?? inheritedExecArgv(),
        env: this.options.env ?? process.env,
      })
      this.current = pool
      this.pools.add(pool)
    }
    return pool
  }

  private retire(pool: ProcessPool): void {
    if (!this.pools.delete(pool)) return
    if (this.current === pool) this.current = undefined
    const done = pool.destroy().catch(() => undefined)
    this.retiring.add(done)
    void done.finally(() => this.retiring.delete(done))
  }
}
