// The script every worker thread runs: it feeds the batches the parent posts to core's
// worker runtime (the same runtime the process backend uses) and posts the replies back.
import { parentPort } from 'node:worker_threads'
import { createWorkerRuntime, findUnserializable, type BatchReply } from '@multitask/core/worker'
import type { ThreadMessage, ThreadReply } from './messages.js'

const port = parentPort!
const runtime = createWorkerRuntime()

port.on('message', (message: ThreadMessage) => {
  if (message.kind === 'forget') {
    for (const callId of message.callIds) runtime.forget(callId)
    return
  }
  for (const callId of message.forget ?? []) runtime.forget(callId)
  const { start, items } = message.request
  void runtime.handle(message.request).then((reply) => post(reply, start, items.length))
})

function post(reply: BatchReply, start: number, size: number): void {
  try {
    port.postMessage({ kind: 'reply', reply } satisfies ThreadReply)
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
