import { BackendContractError } from '@multitask/core'
import { encodeCall, sendBatch, type BufferPool, type BatchOutcome, type CallPayload, type BackendCapabilities, type ParallelBackend, type TaskBatch, type TaskCall } from '@multitask/core/backend'
import type { ThreadPool } from './pool.js'
import { shareLargeBuffers, type SharedArgs } from './shared-args.js'

/**
 * The thread backend, joblib's `ThreadingBackend` with real parallelism: batches run in
 * worker threads of a `ThreadPool`. Functions travel as source (or module
 * references) and `args`/`kwargs` once per thread per call, through core's shipping
 * protocol; large binary arguments are put in shared memory once per call, in
 * buffers kept between calls (`bufferPoolSize`, `bufferPoolIdle`).
 */
/** What the threading backend can do, declared when the package registers 'threading'. */
export const THREADING_CAPABILITIES = {
  runsOn: 'threads',
  defaultPriority: 10,
  supportsSharedMemory: true,
  // Core times tasks out and calls abortCall, which ends the thread running the late task.
  supportsTimeout: true,
  // A thread whose reply says it retires is replaced by the pool (core's runtime counts tasks and reads memory).
  supportsMaxTasksPerWorker: true,
  supportsWorkerMemoryLimit: true,
} as const satisfies BackendCapabilities

export class ThreadingBackend implements ParallelBackend {
  readonly name = 'threading'
  readonly runsOn = THREADING_CAPABILITIES.runsOn
  readonly defaultPriority = THREADING_CAPABILITIES.defaultPriority
  readonly supportsSharedMemory = THREADING_CAPABILITIES.supportsSharedMemory
  readonly supportsTimeout = THREADING_CAPABILITIES.supportsTimeout
  readonly supportsMaxTasksPerWorker = THREADING_CAPABILITIES.supportsMaxTasksPerWorker
  readonly supportsWorkerMemoryLimit = THREADING_CAPABILITIES.supportsWorkerMemoryLimit
  private readonly payloads = new Map<string, CallPayload>()
  private readonly sharedArgs = new Map<string, SharedArgs>()

  constructor(
    private readonly pool: ThreadPool,
    /** Shared memory kept between calls for large arguments. */
    private readonly buffers: BufferPool<SharedArrayBuffer>,
  ) {}

  warmUp(nJobs: number): void {
    this.pool.warmUp(nJobs)
  }

  startCall(call: TaskCall): void {
    const shared = call.maxNbytes === null ? undefined : shareLargeBuffers(call.args, call.kwargs, call.maxNbytes, this.buffers)
    let payload: CallPayload
    try {
      // Throws FallbackToSeries for a function that cannot be shipped.
      payload = encodeCall(call, shared === undefined ? {} : { args: shared.args, kwargs: shared.kwargs })
    } catch (error) {
      shared?.release()
      throw error
    }
    if (shared !== undefined) this.sharedArgs.set(call.id, shared)
    this.payloads.set(call.id, payload)
    this.pool.open(call.id, call.nJobs)
  }

  async runBatch(call: TaskCall, batch: TaskBatch): Promise<BatchOutcome> {
    const payload = this.payloads.get(call.id)
    if (payload === undefined) throw new BackendContractError(`The "threading" backend got a batch of call ${call.id} before startCall().`)
    const thread = await this.pool.acquire(call.id, batch.start)
    let retired = false
    try {
      // The pool knows which thread runs the batch: send the payload at once to one that lacks it.
      const outcome = await sendBatch(payload, batch, (request) => thread.run(request), !thread.seen.has(call.id))
      retired = outcome.retired !== undefined
      return outcome
    } finally {
      this.pool.release(thread, retired)
    }
  }

  abortCall(call: TaskCall, reason: unknown): Promise<void> {
    return this.pool.abort(call.id, reason)
  }

  endCall(call: TaskCall): void {
    this.payloads.delete(call.id)
    this.pool.close(call.id)
    this.sharedArgs.get(call.id)?.release()
    this.sharedArgs.delete(call.id)
  }

  terminate(): Promise<void> {
    this.buffers.clear()
    return this.pool.terminate()
  }
}
