import {
  callFromPayload,
  errorToReply,
  outcomeToReply,
  serializeError,
  type BatchReply,
  type CallPayload,
  type ParallelBackend,
  type TaskCall,
  type WorkerLimits,
} from '@multitask/core/backend'
import { SourceNotAllowedError } from './errors.js'

interface Entry {
  readonly ready: Promise<TaskCall | BatchReply>
  running: number
  lastUsed: number
}

/** Calls idle this long in a worker are ended in its pool (their arguments dropped). */
const IDLE_MS = 30_000

/**
 * The calls a worker process serves, each started once in its local pool (threads or
 * processes) and run batch by batch there. A worker cannot know when a caller's call
 * ends, so a call idle for a while is ended locally; a later batch starts it again.
 */
export class LocalCalls {
  private readonly calls = new Map<string, Entry>()
  private readonly sweeper: ReturnType<typeof setInterval>

  constructor(
    private readonly pool: ParallelBackend,
    private readonly poolSize: number,
    private readonly allowSource: boolean,
    /** The worker's own limits, for calls that set none. */
    private readonly workerLimits: WorkerLimits | undefined,
    private readonly fetchPayload: (callId: string) => Promise<CallPayload | null>,
  ) {
    this.sweeper = setInterval(() => this.sweep(IDLE_MS), 5_000)
    this.sweeper.unref()
  }

  /** Runs tasks `start, start + 1, ...` of a call in the local pool; never rejects. */
  async run(callId: string, start: number, items: readonly unknown[]): Promise<BatchReply> {
    let entry = this.calls.get(callId)
    if (entry === undefined) {
      entry = { ready: this.prepare(callId), running: 0, lastUsed: Date.now() }
      this.calls.set(callId, entry)
    }
    entry.running++
    try {
      const call = await entry.ready
      if (!('id' in call)) {
        if (this.calls.get(callId) === entry && entry.running === 1) this.calls.delete(callId) // a later batch tries afresh
        return call
      }
      return outcomeToReply(await this.pool.runBatch(call, { start, items }))
    } catch (error) {
      return errorToReply(error, start)
    } finally {
      entry.running--
      entry.lastUsed = Date.now()
    }
  }

  /** Stops a call's running batches (their threads or processes are replaced) and forgets it. */
  async abort(callId: string, reason: unknown): Promise<void> {
    const entry = this.calls.get(callId)
    if (entry === undefined) return
    this.calls.delete(callId)
    const call = await entry.ready
    if (!('id' in call)) return
    await Promise.resolve(this.pool.abortCall?.(call, reason)).catch(() => undefined)
    await Promise.resolve(this.pool.endCall?.(call)).catch(() => undefined)
  }

  /** Ends every call and stops sweeping. */
  async close(): Promise<void> {
    clearInterval(this.sweeper)
    await this.sweep(0)
  }

  private async sweep(idleMs: number): Promise<void> {
    const now = Date.now()
    const ending: Promise<void>[] = []
    for (const [callId, entry] of this.calls) {
      if (entry.running > 0 || now - entry.lastUsed < idleMs) continue
      this.calls.delete(callId)
      ending.push(
        entry.ready.then(async (call) => {
          if ('id' in call) await this.pool.endCall?.(call)
        }).catch(() => undefined),
      )
    }
    await Promise.all(ending)
  }

  private async prepare(callId: string): Promise<TaskCall | BatchReply> {
    let payload: CallPayload | null
    try {
      payload = await this.fetchPayload(callId)
    } catch (error) {
      return { kind: 'failed', taskIndex: -1, error: serializeError(error) }
    }
    if (payload === null) {
      const gone = new Error(`The payload of call ${callId} is not in Redis: the call has ended, or its caller stopped.`)
      return { kind: 'failed', taskIndex: -1, error: serializeError(gone) }
    }
    if (payload.task.kind === 'source' && !this.allowSource) {
      return { kind: 'failed', taskIndex: -1, error: serializeError(new SourceNotAllowedError()) }
    }
    // Large binary args reach the pool's processes through files, as in a local loky call.
    const call = callFromPayload(payload, { nJobs: this.poolSize, maxNbytes: 1024 * 1024, workerLimits: this.workerLimits })
    try {
      await this.pool.startCall?.(call)
    } catch (error) {
      return errorToReply(error, -1)
    }
    return call
  }
}
