// The script every worker thread runs: it exposes, through threads.js, one function
// that feeds requests to core's worker runtime (the same runtime the process backend uses).
import { createRequire } from 'node:module'
import { createWorkerRuntime } from '@multitask/core/worker'
import { skipDenoMessagePortWalk } from './deno-parent-port.js'
import type { ThreadMessage } from './messages.js'
import { withoutNewProcessListeners } from './process-listeners.js'
import { ReplyTransfers } from './reply-transfers.js'

const require = createRequire(import.meta.url)

// threads.js' worker side catches uncaught errors and unhandled rejections and reports them
// only while the thread starts; afterwards they are swallowed and the batch never answers.
// Without its handlers, such an error ends the thread, which the pool reports and replaces.
const { expose, Transfer } = withoutNewProcessListeners(['uncaughtException', 'unhandledRejection'], () =>
  require('threads/worker') as {
    expose(fn: (message: ThreadMessage) => unknown): void
    Transfer(payload: unknown, transferables: ArrayBuffer[]): unknown
  },
)

const runtime = createWorkerRuntime()
const transfers = new ReplyTransfers()

skipDenoMessagePortWalk() // before expose() subscribes

expose(async (message: ThreadMessage) => {
  if (message.kind === 'forget') {
    transfers.forget(message.callId)
    return runtime.forget(message.callId)
  }
  const { request } = message
  transfers.noteRequest(request, runtime.has(request.callId))
  const reply = await runtime.handle(request)
  // Large result buffers move to the caller instead of being copied (see transferables-of.ts).
  const moved = transfers.of(reply, request.callId)
  return moved.length === 0 ? reply : Transfer(reply, moved)
})
