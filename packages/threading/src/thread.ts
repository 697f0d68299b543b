import { Worker, type ResourceLimits } from 'node:worker_threads'
import { FallbackToSeries, WorkerTerminatedError } from '@multitask/core'
import type { BatchReply, BatchRequest } from '@multitask/core/backend'
import type { ThreadMessage, ThreadReply } from './messages.js'

const ENTRY = new URL('./worker-entry.js', import.meta.url)
// A thread imports core's worker runtime; on a loaded machine that can take seconds.
const START_TIMEOUT_MS = 60_000

/** What a pool needs to start a thread. */
export interface ThreadSettings {
  readonly resourceLimits: ResourceLimits | undefined
}

/**
 * One worker thread of a pool, spoken to with plain `postMessage`: one batch at a
 * time, so a reply needs no id, and one listener for the thread's life. (A library
 * layer such as threads.js, which this package used first, adds an observable and a
 * listener per call: it doubled the round trip, about 100 µs against 45 µs here, and
 * its loading added tens of milliseconds to a cold start.) A thread that dies (exit,
 * uncaught error, out of memory) rejects the batch it was running instead of leaving
 * it pending forever, and an idle thread does not keep the process alive.
 */
export class PoolThread {
  /** Calls whose payload this thread has been sent. */
  readonly seen = new Set<string>()
  /** The call and first task of the batch the thread is running; set by the pool. */
  busyWith: { readonly callId: string; readonly start: number } | undefined
  exited = false
  private running: { resolve(reply: BatchReply): void; reject(error: unknown): void } | undefined
  private readonly forgotten: string[] = []
  private lastError: unknown
  private stopReason: unknown
  private readonly exit: Promise<void>

  private constructor(private readonly worker: Worker) {
    this.exit = new Promise((resolve) => worker.once('exit', () => resolve()))
    worker.on('message', (message: ThreadReply) => {
      if (message.kind !== 'reply') return
      const running = this.running
      this.running = undefined
      running?.resolve(message.reply)
    })
  }

  /** Starts a thread; resolves once its entry is ready. `onExit` is called once when it ends. */
  static start(settings: ThreadSettings, onExit: (thread: PoolThread) => void): Promise<PoolThread> {
    const worker = new Worker(ENTRY, { resourceLimits: settings.resourceLimits })
    let thread: PoolThread | undefined
    let startError: unknown
    return new Promise<PoolThread>((resolve, reject) => {
      const timer = setTimeout(() => {
        startError = new Error(`no sign of life within ${START_TIMEOUT_MS / 1000} s`)
        void worker.terminate()
      }, START_TIMEOUT_MS)
      // Without an 'error' listener, a thread's uncaught error would be thrown in the caller.
      worker.on('error', (error) => {
        if (thread) thread.lastError = error
        else startError = error
      })
      worker.once('exit', (exitCode) => {
        clearTimeout(timer)
        if (thread) {
          thread.ended(exitCode)
          onExit(thread)
        } else {
          reject(new WorkerTerminatedError({ exitCode, reason: `thread could not start (${describe(startError, exitCode)})` }, startError))
        }
      })
      const onReady = (message: ThreadReply) => {
        if (message.kind !== 'ready') return
        worker.off('message', onReady)
        clearTimeout(timer)
        thread = new PoolThread(worker)
        worker.unref()
        resolve(thread)
      }
      worker.on('message', onReady)
    })
  }

  /**
   * Sends one batch and resolves with the worker's reply. Rejects with a
   * `WorkerTerminatedError` if the thread dies first, and with a `FallbackToSeries`
   * if the request cannot be copied to the thread.
   */
  run(request: BatchRequest): Promise<BatchReply> {
    if (this.exited) return Promise.reject(this.exitError(null))
    const message: ThreadMessage =
      this.forgotten.length === 0 ? { kind: 'batch', request } : { kind: 'batch', request, forget: this.forgotten.splice(0) }
    return new Promise<BatchReply>((resolve, reject) => {
      try {
        this.worker.postMessage(message)
      } catch (error) {
        reject(sendFailure(error))
        return
      }
      if (request.payload !== undefined) this.seen.add(request.callId)
      this.running = { resolve, reject }
    })
  }

  /**
   * The thread may drop what it holds for a call: told with its next batch, or at
   * once when `now` (an idle thread would otherwise hold the call's arguments until
   * its next batch, which may never come).
   */
  forget(callId: string, now = false): void {
    if (!this.seen.delete(callId) || this.exited) return
    this.forgotten.push(callId)
    if (now) this.flushForgotten()
  }

  /** Posts the calls to forget that wait for a next batch. */
  flushForgotten(): void {
    if (this.forgotten.length === 0 || this.exited) return
    this.worker.postMessage({ kind: 'forget', callIds: this.forgotten.splice(0) } satisfies ThreadMessage)
  }

  /** True once {@link terminate} was called: the thread must take no further batch. */
  get stopping(): boolean {
    return this.stopReason !== undefined
  }

  /** A running thread keeps the process alive; an idle one must not. */
  keepAlive(alive: boolean): void {
    if (alive) this.worker.ref()
    else if (!this.stopping) this.worker.unref()
  }

  /** Ends the thread; a batch it runs rejects with `reason`. Resolves once it has exited. */
  async terminate(reason?: unknown): Promise<void> {
    if (this.exited) return
    this.stopReason ??= reason ?? new WorkerTerminatedError({ reason: 'thread was terminated by its pool' })
    // Someone awaits the exit: an unref'd worker would let the process end (exit code 13,
    // an unsettled await) before its exit is seen, e.g. when a call fails while another
    // of its batches has just finished.
    this.worker.ref()
    await this.worker.terminate()
    await this.exit
  }

  private ended(exitCode: number): void {
    this.exited = true
    this.running?.reject(this.stopReason ?? this.exitError(exitCode))
    this.running = undefined
  }

  private exitError(exitCode: number | null): WorkerTerminatedError {
    const error = this.lastError
    const code = (error as { code?: unknown } | undefined)?.code
    let reason: string | undefined
    if (code === 'ERR_WORKER_OUT_OF_MEMORY') {
      reason = `thread ran out of memory (exit code ${exitCode}; raise the backend option resourceLimits)`
    } else if (error !== undefined) {
      reason = `thread exited with code ${exitCode} after an uncaught ${describe(error, exitCode)}`
    } else if (exitCode !== null) {
      reason = `thread exited with code ${exitCode}`
    }
    return new WorkerTerminatedError({ exitCode, taskIndex: this.busyWith?.start ?? null, reason }, error)
  }
}

/** A request that could not be posted: the caller's own args, kwargs or items cannot be copied. */
function sendFailure(error: unknown): unknown {
  const { name, message } = (error ?? {}) as { name?: string; message?: string }
  if (name !== 'DataCloneError') return error
  return new FallbackToSeries(
    `the call's args, kwargs or items cannot be copied to a worker thread (${message}); ` +
      'pass data that structuredClone accepts, e.g. no functions or class instances with private state.',
    error,
  )
}

function describe(error: unknown, exitCode: number | null): string {
  if (error === undefined) return `exit code ${exitCode}`
  const { name, message } = error as { name?: string; message?: string }
  return `${name ?? 'Error'}: ${message ?? String(error)}`
}
