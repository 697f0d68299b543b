// The script every worker thread runs: it exposes, through threads.js, one function
// that feeds requests to core's worker runtime (the same runtime the process backend uses).
import { createRequire } from 'node:module'
import { createWorkerRuntime } from '@multitask/core/worker'
import { skipDenoMessagePortWalk } from './deno-parent-port.js'
import type { ThreadMessage } from './messages.js'
import { withoutNewProcessListeners } from './process-listeners.js'

const require = createRequire(import.meta.url)

// threads.js' worker side catches uncaught errors and unhandled rejections and reports them
// only while the thread starts; afterwards they are swallowed and the batch never answers.
// Without its handlers, such an error ends the thread, which the pool reports and replaces.
const { expose } = withoutNewProcessListeners(['uncaughtException', 'unhandledRejection'], () =>
  require('threads/worker') as { expose(fn: (message: ThreadMessage) => unknown): void },
)

const runtime = createWorkerRuntime()

skipDenoMessagePortWalk() // before expose() subscribes

expose((message: ThreadMessage) =>
  message.kind === 'batch' ? runtime.handle(message.request) : runtime.forget(message.callId),
)
