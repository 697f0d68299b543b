import { createRequire } from 'node:module'
import type { Worker as NodeWorker } from 'node:worker_threads'
import { withoutNewProcessListeners } from './process-listeners.js'

const require = createRequire(import.meta.url)

/** A `spawn()`-ed threads.js thread that exposes one function. */
export type ExposedFunction<A, R> = ((message: A) => PromiseLike<R>) & Record<symbol, unknown>

/** The part of threads.js' master API this package uses. */
export interface ThreadsMaster {
  spawn<A, R>(worker: NodeWorker, options?: { timeout?: number }): Promise<ExposedFunction<A, R>>
  Thread: { terminate(thread: ExposedFunction<never, unknown>): Promise<void> }
}

/**
 * threads.js, loaded so that its import-time process handlers never reach the host:
 * the SIGINT/SIGTERM handlers that terminate every worker and call `process.exit`
 * (threads.js #388), so a program keeps its own signal handling (or Node's default);
 * and, when this runs inside a worker thread (a nested pool), the
 * uncaughtException/unhandledRejection handlers that would swallow that thread's
 * crashes. Workers are threads of this process, so they end with it anyway.
 */
export const threads: ThreadsMaster = withoutNewProcessListeners(['SIGINT', 'SIGTERM', 'uncaughtException', 'unhandledRejection'], () =>
  require('threads') as ThreadsMaster,
)
