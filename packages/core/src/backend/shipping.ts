import type { BatchOutcome, TaskBatch, TaskCall } from './backend.js'
import { BackendContractError, FallbackToSeries } from '../errors/index.js'
import type { BatchReply, BatchRequest, CallPayload, ShippedTask } from './protocol.js'
import { reviveError } from '../task/remote-error.js'
import { attachTaskLogs } from '../logs/task-logs.js'

/**
 * Builds the payload a worker needs for `call`. A plain function travels as source;
 * one whose source cannot be rebuilt in a worker (a method shorthand, a bound or
 * native function) is a {@link FallbackToSeries} naming why.
 *
 * @param replace - `args`/`kwargs` to send instead of the call's own, e.g. with large
 * buffers swapped for references to shared copies.
 */
export function encodeCall(call: TaskCall, replace: { args?: unknown; kwargs?: unknown } = {}): CallPayload {
  const payload: CallPayload = {
    callId: call.id,
    task: shipTask(call),
    args: 'args' in replace ? replace.args : call.args,
    kwargs: 'kwargs' in replace ? replace.kwargs : call.kwargs,
    form: call.form,
    nesting: call.workerNesting,
    captureLogs: call.captureLogs,
  }
  return call.workerLimits === undefined ? payload : { ...payload, workerLimits: call.workerLimits }
}

function shipTask(call: TaskCall): ShippedTask {
  const { task } = call
  if (task.kind === 'module') {
    const { url, name, compiled } = task
    return compiled === undefined ? { kind: 'module', url, name } : { kind: 'module', url, name, compiled }
  }
  const problem = unshippableReason(task.source)
  if (problem !== undefined) throw new FallbackToSeries(problem)
  return { kind: 'source', source: task.source }
}

// Parsing a source costs tens of µs, a visible share of a warm call: a program calls the same few functions.
const reasons = new Map<string, string | undefined>()
const REASONS_KEPT = 64

/** Why a function's source cannot be rebuilt in a worker, or undefined when it can. */
export function unshippableReason(source: string): string | undefined {
  if (reasons.has(source)) return reasons.get(source)
  const reason = findUnshippableReason(source)
  if (reasons.size >= REASONS_KEPT) reasons.delete(reasons.keys().next().value!)
  reasons.set(source, reason)
  return reason
}

function findUnshippableReason(source: string): string | undefined {
  if (/\{\s*\[native code\]\s*\}\s*$/.test(source)) {
    return 'the task function is native or bound, so it has no source to send to workers; pass a plain function or a module reference { module, name }.'
  }
  try {
    // Parses without running: the same text the worker will evaluate.
    new Function(`return (${source}\n)`)
    return undefined
  } catch (error) {
    return (
      `the task function's source cannot be rebuilt in a worker (${(error as Error).message}); ` +
      'write it as a function expression or arrow function, or pass a module reference { module, name }.'
    )
  }
}

/**
 * Runs one batch through `send`, the backend's transport to some worker: the batch
 * goes without the payload when the backend believes the worker has it, and again
 * with it when the worker answers `need-payload`. Turns the reply into a
 * {@link BatchOutcome}, a revived task error, or a {@link FallbackToSeries}.
 *
 * @param withPayload - send the payload on the first try (e.g. to a worker known to be fresh).
 */
export async function sendBatch(
  payload: CallPayload,
  batch: TaskBatch,
  send: (request: BatchRequest) => Promise<BatchReply>,
  withPayload = false,
): Promise<BatchOutcome> {
  const request: BatchRequest =
    batch.budgetMs === undefined
      ? { callId: payload.callId, start: batch.start, items: batch.items }
      : { callId: payload.callId, start: batch.start, items: batch.items, budgetMs: batch.budgetMs }
  let reply = await send(withPayload ? { ...request, payload } : request)
  if (reply.kind === 'need-payload') reply = await send({ ...request, payload })
  return replyToOutcome(reply)
}

/** A worker's reply as the scheduler needs it. */
export function replyToOutcome(reply: BatchReply): BatchOutcome {
  switch (reply.kind) {
    case 'done':
      return reply.retire === undefined
        ? { results: reply.results, durationMs: reply.durationMs, logs: reply.logs }
        : { results: reply.results, durationMs: reply.durationMs, logs: reply.logs, retired: reply.retire }
    case 'failed':
      throw attachTaskLogs(reviveError(reply.error, reply.taskIndex), reply.logs)
    case 'fallback':
      throw new FallbackToSeries(reply.reason, undefined, reply.finished)
    case 'need-payload':
      throw new BackendContractError('A worker asked twice for the payload of the same batch.')
  }
}
