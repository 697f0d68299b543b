import { once } from 'node:events'
import type { ChildProcess } from 'node:child_process'
import { WorkerTerminatedError } from '@multitask/core'
import Tinypool from 'tinypool'
import { ipcSerialization, type IpcSerialization } from './host-runtime.js'
import { EMPTY_BATCH, encode, toPipe, type PipeBytes, type WireMessage } from './wire.js'
import { RECYCLE_MARK_LIMIT, recycleOnNotice } from './retire-signal.js'

/** What tinypool's `threads` holds for `runtime: 'child_process'` (not in its typings). */
interface ProcessWorker {
  readonly process: ChildProcess
  readonly isTerminating: boolean
}

/** How a worker process is started. */
export interface ProcessPoolOptions {
  readonly size: number
  readonly idleTimeout: number
  readonly execArgv: readonly string[]
  readonly env: Readonly<Record<string, string | undefined>>
}

// worker-entry.ts and its imports, bundled into one file by scripts/bundle-worker.mjs.
const WORKER_ENTRY = new URL('./worker.js', import.meta.url)
const STOPPED = 'Terminating worker thread' // tinypool's message when its pool is destroyed

/**
 * A tinypool of `size` child processes, plus what tinypool does not say: which
 * process died how (exit code, signal), whether it died before it was ready, and
 * when processes stopped for an abort have really exited.
 */
export class ProcessPool {
  readonly size: number
  /** How messages cross the pipe on this runtime. */
  readonly serialization: IpcSerialization = ipcSerialization()
  /** Calls using this pool. */
  active = 0
  /** Set when a worker could not start: the pool is replaced on the next call. */
  broken = false
  private readonly pool: Tinypool
  private readonly known = new WeakSet<object>()
  private readonly processes = new Set<ProcessWorker>()
  private readonly deaths = new WeakMap<object, { child: ChildProcess; started: boolean }>()
  private readonly pending = new Set<(error: unknown) => void>()

  constructor(options: ProcessPoolOptions) {
    this.size = options.size
    this.pool = new Tinypool({
      runtime: 'child_process',
      filename: WORKER_ENTRY.href,
      minThreads: 0,
      maxThreads: options.size,
      idleTimeout: options.idleTimeout,
      concurrentTasksPerWorker: 1,
      maxMemoryLimitBeforeRecycle: RECYCLE_MARK_LIMIT,
      serialization: this.serialization,
      execArgv: [...options.execArgv],
      // tinypool gives forked processes only the env it is handed.
      env: { ...options.env } as Record<string, string>,
    })
    // A worker that dies while idle is reported here; without a listener it would crash the caller.
    // (Deferred: tinypool reports it before our own listener has recorded how the process died.)
    this.pool.on('error', (error: unknown) => queueMicrotask(() => void this.onIdleDeath(error)))
  }

  /** Runs one message on some worker; a dead worker becomes a {@link WorkerTerminatedError}. */
  async run(message: WireMessage, signal: AbortSignal, taskIndex: number): Promise<PipeBytes> {
    const transferList = message.length === 1 ? transferable(message[0]) : undefined
    const running = this.pool.run(message, { signal, transferList }) as Promise<PipeBytes>
    this.track()
    let reject!: (error: unknown) => void
    const failed = new Promise<never>((_, r) => (reject = r))
    this.pending.add(reject)
    try {
      return await Promise.race([running, failed])
    } catch (error) {
      throw await this.translate(error, taskIndex)
    } finally {
      this.pending.delete(reject)
      running.catch(() => undefined)
    }
  }

  /**
   * Starts every worker of the pool now rather than with the first batches: tinypool
   * starts a process for each message it cannot hand to an idle one, so `size` empty
   * batches (which a worker answers at once) start `size` processes.
   */
  warmUp(): void {
    const idle = new AbortController().signal
    for (let i = this.pool.threads.length; i < this.size; i++) {
      // Encoded for each message: run() moves the bytes' buffer to the worker rather than copying it.
      const empty = toPipe(encode(EMPTY_BATCH), this.serialization)
      this.run([empty], idle, -1).catch(() => undefined) // a worker that fails to start is reported by the call's own batches
    }
  }

  /** Resolves when every worker that is being terminated (e.g. by an abort) has exited. */
  async settled(): Promise<void> {
    const exiting = [...this.processes].filter((w) => w.isTerminating && isAlive(w.process))
    await Promise.all(exiting.map((w) => once(w.process, 'exit')))
  }

  /** Pids of the live workers; for diagnostics and tests. */
  pids(): number[] {
    return [...this.processes].filter((w) => isAlive(w.process)).map((w) => w.process.pid!)
  }

  async destroy(): Promise<void> {
    await this.pool.destroy()
  }

  /** Watches workers tinypool started since the last look (it starts them inside `run`). */
  private track(): void {
    for (const worker of this.pool.threads as unknown as ProcessWorker[]) {
      if (this.known.has(worker)) continue
      this.known.add(worker)
      this.processes.add(worker)
      const child = worker.process
      recycleOnNotice(child)
      let started = false
      child.on('message', (message: { ready?: unknown }) => {
        if (message?.ready === true) started = true
      })
      // tinypool turns an unexpected exit into this 'error', then fails the worker's task
      // with the same object; recording it here lets `translate` say how the worker died.
      child.on('error', (error: unknown) => {
        if (error !== null && typeof error === 'object') {
          this.deaths.set(error, { child, started })
        }
      })
      child.once('exit', () => this.processes.delete(worker))
    }
  }

  private async onIdleDeath(error: unknown): Promise<void> {
    const death = error !== null && typeof error === 'object' ? this.deaths.get(error) : undefined
    if (death === undefined || death.started) return
    // It died before it could take work: tinypool would keep the queued batches forever.
    this.broken = true
    const { exitCode, signal } = await exitOf(death.child)
    const failure = new WorkerTerminatedError({
      reason: `process could not start (${signal ? `killed by ${signal}` : `exit code ${exitCode}`}); check the execArgv and env of the loky backend`,
    })
    for (const reject of this.pending) reject(failure)
  }

  private async translate(error: unknown, taskIndex: number): Promise<unknown> {
    const death = error !== null && typeof error === 'object' ? this.deaths.get(error) : undefined
    if (death !== undefined) {
      const { exitCode, signal } = await exitOf(death.child)
      return new WorkerTerminatedError({ exitCode, signal, taskIndex }, error)
    }
    if (error instanceof Error && error.message === STOPPED) {
      return new WorkerTerminatedError({ reason: 'was stopped because the pool was shut down', taskIndex }, error)
    }
    return error
  }
}

function isAlive(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null
}

/**
 * How a process ended. tinypool may report a death when the IPC channel closes,
 * a moment before the exit status is known, so wait for it (briefly: a process
 * that closed its channel but lingers is described as it is).
 */
async function exitOf(child: ChildProcess): Promise<{ exitCode: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode === null && child.signalCode === null) {
    const timer = new Promise((resolve) => setTimeout(resolve, 1_000).unref())
    await Promise.race([once(child, 'exit'), timer])
  }
  return { exitCode: child.exitCode, signal: child.signalCode }
}

/** The head's own buffer, moved instead of copied into tinypool's relay when nothing else shares it. */
function transferable(bytes: PipeBytes): ArrayBuffer[] | undefined {
  if (typeof bytes === 'string') return undefined
  const { buffer } = bytes
  return buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === buffer.byteLength ? [buffer] : undefined
}
