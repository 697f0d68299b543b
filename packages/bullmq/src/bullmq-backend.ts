import { BackendContractError, FallbackToSeries, WorkerTerminatedError } from '@multitask/core'
import { encodeCall, findUnserializable, replyToOutcome, type BackendCapabilities, type BatchOutcome, type BatchReply, type ParallelBackend, type TaskBatch, type TaskCall } from '@multitask/core/backend'
import { ConnectionHolder, type CallerConnections } from './caller-connections.js'
import { describeConnection } from './connection.js'
import { JobRejectedError, NoWorkersError } from './errors.js'
import { parseBullmqOptions, type BullmqOptions } from './options.js'
import { JobFailure, PendingBatches } from './pending-batches.js'
import { sign, verify } from './signing.js'
import { writePayload } from './payload-store.js'
import { cancelChannel, decode, encode, fromBase64, JOB_NAME, jobId, payloadKey, toBase64, type BatchJobData } from './wire.js'

interface CallState {
  readonly connections: CallerConnections
  readonly payloadKey: string
  watchdog?: ReturnType<typeof setInterval>
  lastAlive: number
  probing: boolean
  ticks: number
}

/** What bullmq's backends can do, declared when the package registers 'bullmq'. */
export const BULLMQ_CAPABILITIES = {
  // Never a default (no defaultPriority): a remote cluster is used only when a call names it.
  runsOn: 'remote',
  supportsSharedMemory: false,
  // A timed-out call is cancelled on the workers, which stop its batches in their pools.
  supportsTimeout: true,
  // The call's worker limits travel in its payload; each worker's local pool (threads or processes) enforces them.
  supportsMaxTasksPerWorker: true,
  supportsWorkerMemoryLimit: true,
} as const satisfies BackendCapabilities

/** How long a call's payload outlives a caller that died without ending it; refreshed while the call runs. */
const PAYLOAD_TTL_MS = 10 * 60_000
/** A batch waiting this long gets its job read directly, in case its event was lost. */
const RECONCILE_AFTER_MS = 3_000
const KEEP_FINISHED = { age: 600, count: 10_000 }

/**
 * Creates a bullmq backend: each batch of a call becomes a BullMQ job on `queue`, run
 * by whichever worker ({@link startWorker}, or `multitask worker`) takes it. The call's
 * function and arguments are stored once per call in Redis and removed when it ends.
 * `@multitask/bullmq` registers `'bullmq'`, which makes one of these per option set.
 *
 * @example
 * ```ts
 * import { multitask, parallelBackend } from '@multitask/core'
 * import '@multitask/bullmq'
 * const square = { module: new URL('./tasks.js', import.meta.url), name: 'square' }
 * const results = await parallelBackend('bullmq', { connection: 'redis://10.0.0.5:6379', nJobs: 16 }, () =>
 *   multitask(square, [0, 1, 2, 3], null, null))
 * ```
 */
export function createBullmqBackend(options: BullmqOptions): ParallelBackend {
  const parsed = parseBullmqOptions(options as unknown as Readonly<Record<string, unknown>>)
  const { queue: queueName, prefix, secret, noWorkerTimeout } = parsed
  const holder = new ConnectionHolder(parsed)
  const pending = new PendingBatches()
  const calls = new Map<string, CallState>()
  const jobKey = (id: string) => `${prefix}:${queueName}:${id}`

  function stateOf(call: TaskCall): CallState {
    const state = calls.get(call.id)
    if (state === undefined) throw new BackendContractError(`The bullmq backend was given a batch of call ${call.id} before startCall().`)
    return state
  }

  /** Fails a call that has had batches waiting with no worker (or no Redis) in sight for too long. */
  function tick(call: TaskCall, state: CallState): void {
    const now = Date.now()
    if (pending.jobsOf(call.id).length === 0) {
      state.lastAlive = now
      return
    }
    if (++state.ticks % 8 === 0) state.connections.redis.pexpire(state.payloadKey, PAYLOAD_TTL_MS).catch(() => undefined)
    if (!state.probing) {
      state.probing = true
      Promise.all([
        state.connections.queue.getWorkersCount().then((count) => {
          if (count > 0) state.lastAlive = Date.now()
        }),
        pending.reconcile(state.connections.redis, jobKey, call.id, RECONCILE_AFTER_MS),
      ])
        .catch(() => undefined)
        .finally(() => (state.probing = false))
    }
    if (now - state.lastAlive > noWorkerTimeout) {
      const error = new NoWorkersError(queueName, now - state.lastAlive, `${state.connections.redis.status} to ${describeConnection(parsed.connection)}`)
      void removeWaiting(state, call.id)
      pending.rejectCall(call.id, () => error)
    }
  }

  async function removeWaiting(state: CallState, callId: string): Promise<void> {
    // Only waiting jobs go; a running one is locked by its worker and is stopped through the cancel channel.
    await Promise.allSettled(pending.jobsOf(callId).map((id) => state.connections.queue.remove(id)))
  }

  function toOutcome(reply: BatchReply, start: number): BatchOutcome {
    if (reply.kind === 'failed' && reply.error.isError && reply.error.name === 'WorkerTerminatedError') {
      // The worker's local pool lost the thread or process that ran the batch.
      throw new WorkerTerminatedError({ reason: `on a bullmq worker ${reply.error.message.replace(/^A worker /, '')}`, taskIndex: start })
    }
    return replyToOutcome(reply)
  }

  return {
    name: 'bullmq',
    ...BULLMQ_CAPABILITIES,

    async startCall(call: TaskCall): Promise<void> {
      const payload = encodeCall(call) // a FallbackToSeries for an unshippable function
      let bytes: Buffer
      try {
        bytes = encode(payload)
      } catch (error) {
        const which = findUnserializable([call.args]) === undefined ? 'kwargs' : 'args'
        throw new FallbackToSeries(
          `\`${which}\` cannot be sent to bullmq workers (${(error as Error).message}); values sent to workers must be structured-cloneable.`,
          error,
        )
      }
      const connections = await withDeadline(holder.acquire(), noWorkerTimeout, () =>
        new NoWorkersError(queueName, noWorkerTimeout, `cannot reach Redis at ${describeConnection(parsed.connection)}`),
      )
      const key = payloadKey(prefix, queueName, call.id)
      try {
        pending.attach(connections.events)
        await writePayload(connections.redis, key, call.id, bytes, secret, PAYLOAD_TTL_MS)
      } catch (error) {
        await holder.release()
        throw error
      }
      const state: CallState = { connections, payloadKey: key, lastAlive: Date.now(), probing: false, ticks: 0 }
      state.watchdog = setInterval(() => tick(call, state), Math.max(50, Math.min(1_000, noWorkerTimeout / 4)))
      state.watchdog.unref()
      calls.set(call.id, state)
    },

    async runBatch(call: TaskCall, batch: TaskBatch): Promise<BatchOutcome> {
      const state = stateOf(call)
      let items: string
      try {
        items = toBase64(encode(batch.items))
      } catch (error) {
        const bad = findUnserializable(batch.items)
        throw new FallbackToSeries(
          `task ${batch.start + (bad?.index ?? 0)}'s item cannot be sent to bullmq workers (${bad?.message ?? (error as Error).message}).`,
          error,
        )
      }
      const id = jobId(call.id, batch.start)
      const data: BatchJobData = { c: call.id, s: batch.start, i: items, g: secret && sign(secret, 'job', queueName, call.id, String(batch.start), items) }
      const finished = pending.wait(id, call.id, batch.start)
      try {
        await state.connections.queue.add(JOB_NAME, data, { jobId: id, removeOnComplete: KEEP_FINISHED, removeOnFail: KEEP_FINISHED })
      } catch (error) {
        pending.drop(id)
        throw error
      }
      const result = await finished
      state.lastAlive = Date.now()
      if (result instanceof JobFailure) {
        if (/stalled/i.test(result.reason)) {
          throw new WorkerTerminatedError({ reason: `stopped responding more than once (BullMQ: ${result.reason})`, taskIndex: batch.start })
        }
        throw new JobRejectedError(batch.start, result.reason)
      }
      // The result has been read: its job (and items) need not stay in Redis.
      void state.connections.queue.remove(id).catch(() => undefined)
      if (secret !== undefined) verify(secret, result.g, `The reply to the batch starting at task ${batch.start}`, 'reply', id, result.r)
      return toOutcome(decode<BatchReply>(fromBase64(result.r)), batch.start)
    },

    async abortCall(call: TaskCall): Promise<void> {
      const state = calls.get(call.id)
      if (state === undefined) return
      await removeWaiting(state, call.id)
      const message = JSON.stringify({ c: call.id, g: secret && sign(secret, 'cancel', queueName, call.id) })
      await state.connections.redis.publish(cancelChannel(prefix, queueName), message).catch(() => undefined)
      pending.rejectCall(call.id, (start) => new WorkerTerminatedError({ reason: 'was stopped because the call was aborted', taskIndex: start }))
    },

    async endCall(call: TaskCall): Promise<void> {
      const state = calls.get(call.id)
      if (state === undefined) return
      calls.delete(call.id)
      clearInterval(state.watchdog)
      await removeWaiting(state, call.id)
      pending.rejectCall(call.id, (start) => new WorkerTerminatedError({ reason: 'was stopped because the call ended', taskIndex: start }))
      await state.connections.redis.del(state.payloadKey).catch(() => undefined)
      await holder.release()
    },

    async terminate(): Promise<void> {
      // Connections close with the last call; there is no pool on this side.
    },
  }
}

/** The promise, or `error()` once `ms` pass. */
function withDeadline<T>(promise: Promise<T>, ms: number, error: () => Error): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const deadline = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(error()), ms)))
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer))
}
