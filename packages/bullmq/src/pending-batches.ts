import type { QueueEvents } from 'bullmq'
import type { Redis } from 'ioredis'
import type { BatchJobResult } from './wire.js'

interface Waiter {
  readonly callId: string
  readonly start: number
  readonly sentAt: number
  readonly resolve: (result: BatchJobResult | JobFailure) => void
  readonly reject: (error: unknown) => void
}

/** How a job ended without a result: BullMQ's (or the worker's) reason. */
export class JobFailure {
  constructor(readonly reason: string) {}
}

/**
 * The caller's batches on the queue, by job id, waiting for their job to finish.
 * Each settles once: a job that stalled, ran again on another worker and finished
 * twice in the event stream still answers its batch once.
 */
export class PendingBatches {
  private readonly waiters = new Map<string, Waiter>()
  private readonly attached = new WeakSet<QueueEvents>()

  /** Listens for the queue's completed and failed events. */
  attach(events: QueueEvents): void {
    if (this.attached.has(events)) return
    this.attached.add(events)
    events.on('completed', ({ jobId, returnvalue }) => this.settle(jobId, returnvalue as unknown))
    events.on('failed', ({ jobId, failedReason }) => this.settle(jobId, new JobFailure(failedReason)))
  }

  /** Resolves with the job's return value, or a {@link JobFailure}. Register before adding the job. */
  wait(jobId: string, callId: string, start: number): Promise<BatchJobResult | JobFailure> {
    return new Promise((resolve, reject) => {
      this.waiters.set(jobId, { callId, start, sentAt: Date.now(), resolve, reject })
    })
  }

  /** Job ids of a call's batches that have not finished. */
  jobsOf(callId: string): string[] {
    return [...this.waiters].filter(([, waiter]) => waiter.callId === callId).map(([jobId]) => jobId)
  }

  /** Fails a call's unfinished batches, e.g. when the call is aborted or no worker is around. */
  rejectCall(callId: string, error: (start: number) => unknown): void {
    for (const jobId of this.jobsOf(callId)) {
      const waiter = this.waiters.get(jobId)!
      this.waiters.delete(jobId)
      waiter.reject(error(waiter.start))
    }
  }

  /** Forgets a batch whose job could not be added. */
  drop(jobId: string): void {
    this.waiters.delete(jobId)
  }

  /**
   * Reads the job hashes of a call's batches waiting for longer than `olderThanMs`, and
   * settles those that finished: a safety net for an event the stream no longer held
   * (trimmed while the caller was cut off from Redis).
   */
  async reconcile(redis: Redis, jobKey: (jobId: string) => string, callId: string, olderThanMs: number): Promise<void> {
    const now = Date.now()
    const stale = this.jobsOf(callId).filter((jobId) => now - this.waiters.get(jobId)!.sentAt > olderThanMs)
    if (stale.length === 0) return
    const pipeline = redis.pipeline()
    for (const jobId of stale) pipeline.hmget(jobKey(jobId), 'returnvalue', 'failedReason', 'finishedOn')
    const rows = (await pipeline.exec()) ?? []
    rows.forEach(([error, fields], k) => {
      if (error !== null) return
      const [returnvalue, failedReason, finishedOn] = fields as Array<string | null>
      if (returnvalue !== null && returnvalue !== undefined) this.settle(stale[k]!, JSON.parse(returnvalue))
      else if (finishedOn !== null && failedReason !== null) this.settle(stale[k]!, new JobFailure(failedReason!))
    })
  }

  private settle(jobId: string, value: unknown): void {
    const waiter = this.waiters.get(jobId)
    if (waiter === undefined) return // another caller's job, or a duplicate
    this.waiters.delete(jobId)
    waiter.resolve(value as BatchJobResult | JobFailure)
  }
}
