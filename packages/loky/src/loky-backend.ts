import { BackendContractError, FallbackToSeries } from '@multitask/core'
import { encodeCall, findUnserializable, sendBatch, type BufferPoolStats, type BatchOutcome, type BatchReply, type BackendCapabilities, type BatchRequest, type CallPayload, type ParallelBackend, type TaskBatch, type TaskCall } from '@multitask/core/backend'
import { workerProcessProblem } from './host-runtime.js'
import { parseLokyOptions, type LokyOptions } from './options.js'
import { PoolManager } from './pool-manager.js'
import type { ProcessPool } from './process-pool.js'
import { loadFileMapper } from './file-mapper.js'
import { hasResultFiles, readReplyFiles, RESULT_FILE_MIN_BYTES } from './result-files.js'
import { shareLargeData, type SharedArgs } from './shared-args.js'
import { SharedSegments } from './shm-segments.js'
import { tempBase } from './temp-folder.js'
import { decode, encode, toPipe, type PipeBytes, type WireHead, type WireMessage } from './wire.js'

/** What loky's backends can do, declared when the package registers 'loky'. */
export const LOKY_CAPABILITIES = {
  runsOn: 'processes',
  // Preferred over threads for the default, as joblib prefers loky: processes isolate tasks.
  defaultPriority: 20,
  // Processes get copies: a SharedArrayBuffer in args is copied, not shared.
  supportsSharedMemory: false,
  // A timed-out task's process is terminated by abortCall.
  supportsTimeout: true,
  // A process whose reply says it retires is replaced by tinypool (retire-signal.ts).
  supportsMaxTasksPerWorker: true,
  supportsWorkerMemoryLimit: true,
} as const satisfies BackendCapabilities

interface CallState {
  readonly pool: ProcessPool
  readonly payload: CallPayload
  readonly payloadBytes: PipeBytes
  readonly shared: SharedArgs
  readonly controller: AbortController
  batches: number
}

const CALL_ENDED = new Error('the call ended')

// Ended calls are announced to workers with the next payloads they receive.
const ENDED_KEPT = 16

/**
 * The loky backend: a pool of Node child processes on tinypool. Also has
 * {@link LokyBackend.pids} for diagnostics.
 */
export interface LokyBackend extends ParallelBackend {
  /** Pids of the worker processes of the current pool. */
  pids(): number[]
  /** The shared-memory segments this backend keeps for large arguments (`bufferPoolSize`). */
  bufferPoolStats(): BufferPoolStats
}

/**
 * Creates a loky backend with its own pool. `@multitask/loky` registers one shared
 * instance as `'loky'`; create another for workers with other Node options.
 *
 * @example
 * ```ts
 * import { parallelBackend, multitask } from '@multitask/core'
 * import { createLokyBackend } from '@multitask/loky'
 * const big = createLokyBackend({ execArgv: ['--max-old-space-size=8192'] })
 * await parallelBackend(big, { nJobs: 4 }, () => multitask(work, items, args, null))
 * await big.terminate()
 * ```
 */
export function createLokyBackend(options: LokyOptions = {}): LokyBackend {
  const parsed = parseLokyOptions(options as Readonly<Record<string, unknown>>)
  const pools = new PoolManager(parsed)
  const segments = new SharedSegments(parsed.bufferPool)
  const calls = new Map<string, CallState>()
  const ended: string[] = []
  // Chosen here, with this process's permissions (Deno without -A cannot touch /dev/shm, its workers can).
  let resultFolder: string | undefined

  function stateOf(call: TaskCall): CallState {
    const state = calls.get(call.id)
    if (state === undefined) throw new BackendContractError(`The loky backend was given a batch of call ${call.id} before startCall().`)
    return state
  }

  async function send(state: CallState, request: BatchRequest): Promise<BatchReply> {
    resultFolder ??= tempBase(RESULT_FILE_MIN_BYTES)
    const { callId, start, items, budgetMs } = request
    const head: WireHead =
      request.payload === undefined
        ? { callId, start, items, budgetMs, results: resultFolder }
        : { callId, start, items, budgetMs, ended, results: resultFolder }
    let headBytes: Uint8Array
    try {
      headBytes = encode(head)
    } catch (error) {
      const bad = findUnserializable(request.items)
      throw new FallbackToSeries(
        `task ${request.start + (bad?.index ?? 0)}'s item cannot be sent to a worker process (${bad?.message ?? (error as Error).message}).`,
        error,
      )
    }
    const headOnPipe = toPipe(headBytes, state.pool.serialization)
    const message: WireMessage = request.payload === undefined ? [headOnPipe] : [headOnPipe, state.payloadBytes]
    const reply = decode<BatchReply>(await state.pool.run(message, state.controller.signal, request.start))
    if (hasResultFiles(reply)) readReplyFiles(reply, await loadFileMapper())
    return reply
  }

  return {
    name: 'loky',
    ...LOKY_CAPABILITIES,

    warmUp(nJobs: number): void {
      if (workerProcessProblem() === undefined) pools.warmUp(nJobs)
    },

    async startCall(call: TaskCall): Promise<void> {
      const problem = workerProcessProblem()
      if (problem !== undefined) {
        throw new FallbackToSeries(`${problem}. Use the threading backend (forceThreading: true) to run in parallel on this runtime.`)
      }
      const bare = encodeCall(call) // throws FallbackToSeries for an unshippable function
      const shared = shareLargeData(call.args, call.kwargs, call.maxNbytes, segments)
      let payloadBytes: Uint8Array
      const payload: CallPayload = { ...bare, args: shared.args, kwargs: shared.kwargs }
      try {
        payloadBytes = encode(payload)
      } catch (error) {
        shared.release()
        const which = canEncode(call.args) ? 'kwargs' : 'args'
        throw new FallbackToSeries(
          `\`${which}\` cannot be sent to worker processes (${(error as Error).message}); ` +
            'values sent to processes must be structured-cloneable.',
          error,
        )
      }
      await shared.write()
      const pool = pools.acquire(call.nJobs)
      // Encoded to the pipe's form once per call, however many workers receive it.
      const onPipe = toPipe(payloadBytes, pool.serialization)
      calls.set(call.id, { pool, payload, payloadBytes: onPipe, shared, controller: new AbortController(), batches: 0 })
    },

    runBatch(call: TaskCall, batch: TaskBatch): Promise<BatchOutcome> {
      const state = stateOf(call)
      // The first nJobs batches go to idle workers, which (on a fresh call) lack the payload.
      const withPayload = state.batches++ < call.nJobs
      return sendBatch(state.payload, batch, (request) => send(state, request), withPayload)
    },

    async abortCall(call: TaskCall): Promise<void> {
      const state = calls.get(call.id)
      if (state === undefined) return
      // tinypool terminates the process of every batch of the call that is running, and drops queued ones.
      state.controller.abort()
      await state.pool.settled()
    },

    async endCall(call: TaskCall): Promise<void> {
      const state = calls.get(call.id)
      if (state === undefined) return
      calls.delete(call.id)
      // Nothing of this call may stay queued. (A reason of our own: the default one is a
      // new DOMException, whose stack capture costs more than a warm call's round trip.)
      state.controller.abort(CALL_ENDED)
      pools.release(state.pool)
      ended.push(call.id)
      if (ended.length > ENDED_KEPT) ended.shift()
      state.shared.release()
    },

    terminate: () => {
      segments.clear()
      return pools.shutdown()
    },
    pids: () => pools.pids(),
    bufferPoolStats: () => segments.stats(),
  }
}

function canEncode(value: unknown): boolean {
  try {
    encode(value)
    return true
  } catch {
    return false
  }
}
