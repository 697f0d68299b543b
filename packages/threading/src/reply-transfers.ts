import type { BatchReply, BatchRequest } from '@multitask/core/backend'
import { buffersIn, transferablesOf } from './transferables-of.js'

// More than the worker runtime keeps (4), so a call it still runs is never forgotten here first.
const CALLS_KEPT = 8

/**
 * The thread's side of moving results: it remembers each call's `args` and `kwargs`
 * as the worker runtime keeps them (the buffers they hold must stay in the thread),
 * and lists the buffers of a reply that {@link transferablesOf} lets move.
 */
export class ReplyTransfers {
  private readonly calls = new Map<string, readonly [unknown, unknown]>()

  /** Before the runtime handles `request`; `runtimeHasCall`: whether it already holds the call's payload. */
  noteRequest(request: BatchRequest, runtimeHasCall: boolean): void {
    // The runtime takes a payload only when it lacks the call: then this is what its tasks see.
    if (request.payload === undefined || runtimeHasCall) return
    this.calls.delete(request.callId)
    this.calls.set(request.callId, [request.payload.args, request.payload.kwargs])
    if (this.calls.size > CALLS_KEPT) this.calls.delete(this.calls.keys().next().value!)
  }

  forget(callId: string): void {
    this.calls.delete(callId)
  }

  /** The buffers to transfer with `reply` of a batch of `callId`. */
  of(reply: BatchReply, callId: string): ArrayBuffer[] {
    const results = reply.kind === 'done' ? reply.results : reply.kind === 'fallback' ? reply.finished?.results : undefined
    if (results === undefined) return []
    return transferablesOf(results, () => buffersIn(this.calls.get(callId)))
  }
}
