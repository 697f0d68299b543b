/**
 * For backends that relay calls: a worker of a remote backend receives a call's payload
 * and runs its batches on a local pool (another backend). These turn the payload back
 * into a {@link TaskCall} for that pool, and the pool's outcome or error back into a reply.
 */
import type { BatchOutcome, TaskCall } from './backend.js'
import { FallbackToSeries } from '../errors/index.js'
import { taskLogsOf } from '../logs/task-logs.js'
import type { BatchReply, CallPayload } from './protocol.js'
import { serializeError } from '../task/remote-error.js'
import type { WorkerLimits } from './worker-limits.js'

const RESHIPPED = () => {
  throw new Error('unreachable: a relayed function runs from its source in the local pool, never in the relay')
}

/**
 * The {@link TaskCall} a local pool runs for a payload received from a caller elsewhere.
 *
 * @example
 * ```ts
 * const call = callFromPayload(payload, { nJobs: 4 })
 * await pool.startCall?.(call)
 * const reply = await pool.runBatch(call, { start, items }).then(outcomeToReply, (error) => errorToReply(error, start))
 * ```
 */
export function callFromPayload(
  payload: CallPayload,
  local: {
    readonly nJobs: number
    readonly maxNbytes?: number | null
    readonly backendOptions?: Readonly<Record<string, unknown>>
    /** The relay's own limits, for a call that sets none. */
    readonly workerLimits?: WorkerLimits
  },
): TaskCall {
  const workerLimits = payload.workerLimits ?? local.workerLimits
  return {
    id: payload.callId,
    task: payload.task.kind === 'source' ? { kind: 'function', fn: RESHIPPED, source: payload.task.source } : payload.task,
    args: payload.args,
    kwargs: payload.kwargs,
    form: payload.form,
    nJobs: local.nJobs,
    taskCount: Number.NaN,
    maxNbytes: local.maxNbytes === undefined ? 1024 * 1024 : local.maxNbytes,
    workerNesting: payload.nesting,
    backendOptions: local.backendOptions ?? {},
    captureLogs: payload.captureLogs,
    ...(workerLimits === undefined ? {} : { workerLimits }),
  }
}

/** A finished batch as a reply. */
export function outcomeToReply(outcome: BatchOutcome): BatchReply {
  const reply = { kind: 'done', results: outcome.results, durationMs: outcome.durationMs ?? 0, logs: outcome.logs ? [...outcome.logs] : undefined } as const
  // A worker of the local pool retired: the caller counts it, and dispatches again the tasks it did not run.
  return outcome.retired === undefined ? reply : { ...reply, retire: outcome.retired }
}

/**
 * A failed batch (or a call that could not start) as a reply that the caller turns back
 * into the same error, with the records its tasks logged; a {@link FallbackToSeries}
 * stays a fallback.
 */
export function errorToReply(error: unknown, start: number): BatchReply {
  if (error instanceof FallbackToSeries) return { kind: 'fallback', reason: error.reason }
  const index = (error as { taskIndex?: unknown } | null)?.taskIndex
  const logs = taskLogsOf(error)
  return {
    kind: 'failed',
    taskIndex: typeof index === 'number' ? index : start,
    error: serializeError(error),
    logs: logs.length > 0 ? [...logs] : undefined,
  }
}
