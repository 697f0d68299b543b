// The script every worker thread runs: it feeds the batches the parent posts to core's
// worker runtime (the same runtime the process backend uses) and posts the replies back.
import { parentPort } from 'node:worker_threads'
import { createWorkerRuntime, findUnserializable, type BatchReply } from '@multitask/core/worker'
import { skipDenoMessagePortWalk } from './deno-parent-port.js'
import type { ThreadMessage, ThreadReply } from './messages.js'
import { ReplyTransfers } from './reply-transfers.js'
import { threadMemoryUsed } from './thread-memory.js'

const port = parentPort!
const runtime = createWorkerRuntime({ memoryUsed: threadMemoryUsed })
const transfers = new ReplyTransfers()

skipDenoMessagePortWalk() // before the listener below subscribes

port.on('message', (message: ThreadMessage) => {
  if (message.kind === 'forget') {
    for (const callId of message.callIds) forget(callId)
    return
  }
  for (const callId of message.forget ?? []) forget(callId)
  const { request } = message
  transfers.noteRequest(request, runtime.has(request.callId))
  void runtime.handle(request).then((reply) => post(reply, request.callId, request.start, request.items.length))
})

function forget(callId: string): void {
  transfers.forget(callId)
  runtime.forget(callId)
}

function post(reply: BatchReply, callId: string, start: number, size: number): void {
  try {
    // Large result buffers move to the caller instead of being copied (see transferables-of.ts).
    port.postMessage({ kind: 'reply', reply } satisfies ThreadReply, transfers.of(reply, callId))
  } catch (error) {
    // A result structured cloning refuses (a function, a class with private state): a task error naming it.
    const bad = reply.kind === 'done' ? findUnserializable(reply.results) : undefined
    const { name, message } = error as Error
    const failed: BatchReply = {
      kind: 'failed',
      taskIndex: start + (bad?.index ?? 0),
      error: {
        isError: true,
        name: name ?? 'DataCloneError',
        message: `The results of tasks ${start}..${start + size - 1} cannot be sent back from the worker thread: ${bad?.message ?? message}`,
        stack: undefined,
        fields: {},
      },
    }
    port.postMessage({ kind: 'reply', reply: failed } satisfies ThreadReply)
  }
}

port.postMessage({ kind: 'ready' } satisfies ThreadReply)
