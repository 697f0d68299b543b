import { WorkerTerminatedError } from '@multitask/core'
import { PoolThread, type ThreadSettings } from './thread.js'

/** Settings of one pool. */
export interface PoolSettings extends ThreadSettings {
  readonly idleTimeoutMs: number
}

/** A snapshot of a pool, for diagnostics and tests. */
export interface PoolStats {
  /** Threads started and not ended. */
  readonly threads: number
  /** Threads running a batch. */
  readonly busy: number
  /** Threads being started. */
  readonly starting: number
  /** Batches waiting for a thread. */
  readonly queued: number
}

// How long ended calls may wait for an idle thread's next batch to be forgotten with it.
const FORGET_IDLE_AFTER_MS = 50

interface Waiter {
  readonly callId: string
  readonly start: number
  resolve(thread: PoolThread): void
  reject(error: unknown): void
}

/**
 * Worker threads shared by every call with the same settings. The pool hands out one
 * batch per thread at a time, first come first served, so the cost of a batch does
 * not grow with the number of batches waiting (threads.js' `Pool` scans its whole
 * queue per task). It is as large as the largest `nJobs` of the calls running,
 * replaces threads that die while a call needs them, and ends threads that stayed
 * idle for `idleTimeoutMs`.
 */
export class ThreadPool {
  private readonly threads = new Set<PoolThread>()
  private readonly idle: PoolThread[] = []
  private readonly idleTimers = new Map<PoolThread, NodeJS.Timeout>()
  private readonly waiters: Waiter[] = []
  private readonly demands = new Map<string, number>()
  private readonly starts = new Set<Promise<unknown>>()
  private readonly ending = new Set<Promise<unknown>>()
  private generation = 0
  /** The pool's size as of the last call opened (threads started for a larger, ended call are let go). */
  private size = 0
  private flushTimer: NodeJS.Timeout | undefined

  constructor(private readonly settings: PoolSettings) {}

  /** A call starts: grow (or shrink idle threads) to the largest `nJobs` of the running calls. */
  open(callId: string, nJobs: number): void {
    this.demands.set(callId, nJobs)
    this.size = this.target
    this.fill()
    while (this.threads.size > this.target && this.idle.length > 0) this.retire(this.idle.at(-1)!)
  }

  /** Starts threads up to `n` before a call opens; they idle until one does, and end after `idleTimeoutMs` if none does. */
  warmUp(n: number): void {
    while (this.threads.size + this.starts.size < n) this.startThread()
  }

  /**
   * A call ended: its threads drop its function and arguments, told with their next
   * batch (a program calling in a loop pays no message for it) or, for threads still
   * idle a moment later, by a message of its own.
   */
  close(callId: string): void {
    this.demands.delete(callId)
    for (const thread of this.threads) thread.forget(callId)
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = undefined
      for (const thread of this.idle) thread.flushForgotten()
    }, FORGET_IDLE_AFTER_MS).unref()
  }

  /** Waits for a free thread to run the batch of `callId` starting at task `start`. */
  acquire(callId: string, start: number): Promise<PoolThread> {
    const thread = this.takeIdle(callId)
    if (thread !== undefined) {
      this.occupy(thread, callId, start)
      return Promise.resolve(thread)
    }
    return new Promise<PoolThread>((resolve, reject) => {
      this.waiters.push({ callId, start, resolve, reject })
      this.fill()
    })
  }

  /**
   * Gives a thread back after its batch; it goes to the next waiting batch, or idles.
   * A thread that `retires` (it reached a worker limit) ends instead, and a fresh one takes its place.
   */
  release(thread: PoolThread, retires = false): void {
    thread.busyWith = undefined
    // A thread being stopped (its call was aborted just as its batch finished) is on its way out: it must not
    // go to another batch, which its exit would fail with the aborted call's error.
    if (thread.exited || thread.stopping) return
    if (retires) {
      this.retire(thread)
      this.fill()
      return
    }
    const waiter = this.waiters.shift()
    if (waiter !== undefined) {
      this.occupy(thread, waiter.callId, waiter.start)
      waiter.resolve(thread)
      return
    }
    thread.keepAlive(false)
    if (this.demands.size > 0 && this.threads.size > this.target) {
      this.retire(thread)
      return
    }
    this.idle.push(thread)
    this.idleTimers.set(
      thread,
      setTimeout(() => {
        if (this.idle.includes(thread)) this.retire(thread)
      }, this.settings.idleTimeoutMs).unref(),
    )
  }

  /** Stops the batches of a failed call: drops its waiting ones and ends the threads running its others. */
  async abort(callId: string, reason: unknown): Promise<void> {
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      if (this.waiters[i]!.callId === callId) this.waiters.splice(i, 1)[0]!.reject(reason)
    }
    const running = [...this.threads].filter((thread) => thread.busyWith?.callId === callId)
    await Promise.all(running.map((thread) => thread.terminate(reason)))
    // Their replacements were started by onExit while the call still counts as running.
  }

  /** Ends every thread (waiting for those being started); the pool can be used again afterwards. */
  async terminate(): Promise<void> {
    this.generation++
    const error = new WorkerTerminatedError({ reason: 'thread pool was shut down' })
    for (const waiter of this.waiters.splice(0)) waiter.reject(error)
    this.demands.clear() // so that no thread ending now is replaced
    await Promise.allSettled([...this.starts])
    for (const thread of [...this.threads]) this.retire(thread, error)
    await Promise.allSettled([...this.ending])
  }

  stats(): PoolStats {
    return {
      threads: this.threads.size,
      busy: this.threads.size - this.idle.length,
      starting: this.starts.size,
      queued: this.waiters.length,
    }
  }

  private get target(): number {
    let target = 0
    for (const nJobs of this.demands.values()) target = Math.max(target, nJobs)
    return target
  }

  private fill(): void {
    const wanted = Math.max(this.target, Math.min(1, this.waiters.length))
    while (this.threads.size + this.starts.size < wanted) this.startThread()
  }

  private startThread(): void {
    const generation = this.generation
    const started = PoolThread.start(this.settings, (thread) => this.onExit(thread)).then(
      (thread) => {
        this.starts.delete(started)
        this.threads.add(thread)
        if (generation !== this.generation) return this.retire(thread)
        // Started for a larger call that has ended since: the pool is as large as the last call opened.
        if (this.waiters.length === 0 && this.threads.size > Math.max(this.target, this.size)) return this.retire(thread)
        this.release(thread)
      },
      (error: unknown) => {
        this.starts.delete(started)
        // With no thread left to run them, waiting batches would wait forever.
        if (this.threads.size === 0 && this.starts.size === 0) {
          for (const waiter of this.waiters.splice(0)) waiter.reject(error)
        }
      },
    )
    this.starts.add(started)
  }

  private onExit(thread: PoolThread): void {
    this.threads.delete(thread)
    const at = this.idle.indexOf(thread)
    if (at >= 0) this.idle.splice(at, 1)
    clearTimeout(this.idleTimers.get(thread))
    this.idleTimers.delete(thread)
    // A thread that died (or was stopped) while calls need it is replaced.
    if (this.demands.size > 0 || this.waiters.length > 0) this.fill()
  }

  private takeIdle(callId: string): PoolThread | undefined {
    if (this.idle.length === 0) return undefined
    // Prefer a thread that already holds the call's payload.
    let at = this.idle.length - 1
    for (let i = at; i >= 0; i--) {
      if (this.idle[i]!.seen.has(callId)) {
        at = i
        break
      }
    }
    const thread = this.idle.splice(at, 1)[0]!
    clearTimeout(this.idleTimers.get(thread))
    this.idleTimers.delete(thread)
    return thread
  }

  private occupy(thread: PoolThread, callId: string, start: number): void {
    thread.busyWith = { callId, start }
    thread.keepAlive(true)
  }

  private retire(thread: PoolThread, reason?: unknown): void {
    this.threads.delete(thread)
    const at = this.idle.indexOf(thread)
    if (at >= 0) this.idle.splice(at, 1)
    clearTimeout(this.idleTimers.get(thread))
    this.idleTimers.delete(thread)
    const ending = thread.terminate(reason).finally(() => this.ending.delete(ending))
    this.ending.add(ending)
  }
}
