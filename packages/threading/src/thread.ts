import { Worker, type ResourceLimits } from 'node:worker_threads'
import { FallbackToSeries, RemoteTaskError, WorkerTerminatedError } from '@multitask/core'
import { type BatchReply, type BatchRequest } from '@multitask/core/backend'
import type { ThreadMessage } from './messages.js'
import { threads, type ExposedFunction } from './threads-import.js'

const ENTRY = new URL('./worker-entry.js', import.meta.url)
// A thread imports core's worker runtime and threads.js; on a loaded machine that can take seconds.
const START_TIMEOUT_MS = 60_000

/** What a pool needs to start a thread. */
export interface ThreadSettings {
  readonly resourceLimits: ResourceLimits | undefined
}

/**
 * One worker thread of a pool: started with threads.js' `spawn` and called through the
 * function its entry exposes. It adds what threads.js leaves out: a thread that dies
 * (exit, uncaught error, out of memory) rejects the batch it was running instead of
 * leaving it pending forever, and an idle thread does not keep the process alive.
 */
export class PoolThread {
  /** Calls whose payload this thread has been sent. */
  readonly seen = new Set<string>()
  /** The call and first task of the batch the thread is running; set by the pool. */
  busyWith: { readonly callId: string; readonly start: number } | undefined
  exited = false
  private rejectRunning: ((error: unknown) => void) | undefined
  private lastError: unknown
  private stopReason: unknown

  private constructor(
    private readonly worker: Worker,
    private readonly exposed: ExposedFunction<ThreadMessage, BatchReply | void>,
  ) {}

  /** Starts a thread; resolves once its entry is ready. `onExit` is called once when it ends. */
  static start(settings: ThreadSettings, onExit: (thread: PoolThread) => void): Promise<PoolThread> {
    const worker = new Worker(ENTRY, { resourceLimits: settings.resourceLimits })
    let thread: PoolThread | undefined
    let startError: unknown
    return new Promise<PoolThread>((resolve, reject) => {
      // Without an 'error' listener, a thread's uncaught error would be thrown in the caller.
      worker.on('error', (error) => {
        if (thread) thread.lastError = error
        else startError = error
      })
      worker.once('exit', (exitCode) => {
        if (thread) {
          thread.ended(exitCode)
          onExit(thread)
        } else {
          reject(new WorkerTerminatedError({ exitCode, reason: `thread could not start (${describe(startError, exitCode)})` }, startError))
        }
      })
      threads.spawn<ThreadMessage, BatchReply | void>(forThreads(worker), { timeout: START_TIMEOUT_MS }).then(
        (exposed) => {
          thread = new PoolThread(worker, exposed)
          worker.unref()
          resolve(thread)
        },
        (error: unknown) => {
          void worker.terminate()
          reject(new WorkerTerminatedError({ reason: `thread could not start (${describe(error, null)})` }, error))
        },
      )
    })
  }

  /**
   * Sends one batch and resolves with the worker's reply. Rejects with a
   * `WorkerTerminatedError` if the thread dies first, and with a `FallbackToSeries`
   * if the request cannot be copied to the thread.
   */
  run(request: BatchRequest): Promise<BatchReply> {
    if (this.exited) return Promise.reject(this.exitError(null))
    if (request.payload !== undefined) this.seen.add(request.callId)
    return new Promise<BatchReply>((resolve, reject) => {
      this.rejectRunning = reject
      this.exposed({ kind: 'batch', request }).then(
        (reply) => {
          this.rejectRunning = undefined
          resolve(reply as BatchReply)
        },
        (error: unknown) => {
          this.rejectRunning = undefined
          reject(sendFailure(error, request))
        },
      )
    })
  }

  /** Tells the thread to drop what it holds for a call. */
  forget(callId: string): void {
    if (!this.seen.delete(callId) || this.exited) return
    this.exposed({ kind: 'forget', callId }).then(undefined, () => undefined)
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
    await threads.Thread.terminate(this.exposed)
  }

  private ended(exitCode: number): void {
    this.exited = true
    this.rejectRunning?.(this.stopReason ?? this.exitError(exitCode))
    this.rejectRunning = undefined
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

/** threads.js' `spawn` expects a web-style worker (`addEventListener`, `event.data`). */
function forThreads(worker: Worker): Worker {
  const mapped = new WeakMap<object, (data: unknown) => void>()
  return Object.assign(worker, {
    addEventListener(event: string, listener: (event: { data: unknown }) => void) {
      const wrapped = (data: unknown) => listener({ data })
      mapped.set(listener, wrapped)
      worker.on(event, wrapped)
    },
    removeEventListener(event: string, listener: (event: { data: unknown }) => void) {
      const wrapped = mapped.get(listener)
      if (wrapped) worker.off(event, wrapped)
    },
  })
}

/** A request that could not be posted, or a reply that could not come back. */
function sendFailure(error: unknown, request: BatchRequest): unknown {
  const { name, message, stack } = (error ?? {}) as { name?: string; message?: string; stack?: string }
  if (error instanceof DOMException && name === 'DataCloneError') {
    // Posting is synchronous in this thread: the caller's own args, kwargs or items cannot be copied.
    return new FallbackToSeries(
      `the call's args, kwargs or items cannot be copied to a worker thread (${message}); ` +
        'pass data that structuredClone accepts, e.g. no functions or class instances with private state.',
      error,
    )
  }
  const last = request.start + request.items.length - 1
  return new RemoteTaskError(
    name ?? 'Error',
    `The results of tasks ${request.start}..${last} cannot be sent back from the worker thread: ${message ?? String(error)}`,
    stack,
    request.start,
  )
}

function describe(error: unknown, exitCode: number | null): string {
  if (error === undefined) return `exit code ${exitCode}`
  const { name, message } = error as { name?: string; message?: string }
  return `${name ?? 'Error'}: ${message ?? String(error)}`
}
