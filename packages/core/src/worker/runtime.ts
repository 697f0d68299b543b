import { enterWorker } from '../engine/nesting.js'
import type { BatchReply, BatchRequest, CallPayload } from '../backend/protocol.js'
import { serializeError } from '../task/remote-error.js'
import { loadTaskFunction } from '../task/task-module.js'
import { runTasksHere, type TasksRun } from '../task/run-tasks.js'
import type { RetireReason, WorkerLimits } from '../backend/worker-limits.js'
import { MemoryWatch } from './memory-watch.js'

type TaskFn = (...a: any[]) => unknown

// How many rebuilt functions a worker keeps (a few kilobytes of source each).
const REBUILT_KEPT = 32

interface PreparedCall {
  readonly payload: CallPayload
  readonly fn: TaskFn
}

/** The worker side of the batch protocol, the same for threads and processes. */
export interface WorkerRuntime {
  /** Runs one batch and answers it; never rejects. */
  handle(request: BatchRequest): Promise<BatchReply>
  /** Drops what is cached for a call (its function and arguments). */
  forget(callId: string): void
  /**
   * Whether the call's payload is already here: a payload sent again (the parent guesses
   * which workers lack it) need not be decoded, nor its large arguments loaded, twice.
   */
  has(callId: string): boolean
}

/** Options of {@link createWorkerRuntime}. */
export interface WorkerRuntimeOptions {
  /**
   * How many calls' payloads a worker keeps. More than one, because several calls
   * can share a pool at once; few, because `args` may be large.
   * @default 4
   */
  readonly cacheSize?: number
  /**
   * This worker's memory in bytes, for calls with a `workerMemoryLimit`: a process's
   * resident set size, a thread's heap used plus its external memory. Without it, a
   * call's memory limit cannot be honoured here; the backend must not declare
   * `supportsWorkerMemoryLimit`.
   * @example { memoryUsed: () => process.memoryUsage.rss() }
   */
  readonly memoryUsed?: () => number
}

/**
 * Creates the runtime a worker entry feeds batches to. It rebuilds a shipped
 * function once per source text (later calls of the same function reuse it) or
 * imports a module once, keeps the call's `args` and
 * `kwargs`, and runs each batch's tasks in order, stopping at the first error.
 *
 * @example
 * ```ts
 * // worker-entry.ts of a backend
 * import { createWorkerRuntime } from '@multitask/core/worker'
 * const runtime = createWorkerRuntime()
 * export default (request) => runtime.handle(request)
 * ```
 */
export function createWorkerRuntime(options: WorkerRuntimeOptions = {}): WorkerRuntime {
  const cacheSize = options.cacheSize ?? 4
  const calls = new Map<string, PreparedCall>()
  const rebuilt = new Map<string, TaskFn>()
  // Over the worker's life (every call), for `maxTasksPerWorker`: counted per batch, not per task.
  let tasksRun = 0
  const memory = options.memoryUsed === undefined ? undefined : new MemoryWatch(options.memoryUsed)

  // One function object per source, kept across calls: a later call of the same
  // function starts with the code V8 has already optimized (rebuilding it per call
  // would start every call in the interpreter), and it behaves like the caller's own
  // function or an imported module, whose state also lasts between calls.
  function rebuildOnce(source: string): TaskFn {
    let fn = rebuilt.get(source)
    if (fn === undefined) {
      fn = rebuild(source)
      if (rebuilt.size >= REBUILT_KEPT) rebuilt.delete(rebuilt.keys().next().value!)
    } else {
      rebuilt.delete(source) // re-inserted below: the map's order is least recently used first
    }
    rebuilt.set(source, fn)
    return fn
  }

  async function prepare(payload: CallPayload): Promise<PreparedCall | BatchReply> {
    enterWorker(payload.nesting)
    let fn: TaskFn
    if (payload.task.kind === 'source') {
      try {
        fn = rebuildOnce(payload.task.source)
      } catch (error) {
        return { kind: 'fallback', reason: `the task function could not be rebuilt in a worker: ${(error as Error).message}` }
      }
    } else {
      try {
        const { url, name, compiled } = payload.task
        // A worker never compiles: it imports what the caller compiled, or loads the source as the caller did.
        fn = await loadTaskFunction(url, name, { compiled, compile: false })
      } catch (error) {
        return { kind: 'failed', taskIndex: -1, error: serializeError(error) }
      }
    }
    const prepared = { payload, fn }
    calls.set(payload.callId, prepared)
    while (calls.size > cacheSize) calls.delete(calls.keys().next().value!)
    return prepared
  }

  async function handle(request: BatchRequest): Promise<BatchReply> {
    let prepared = calls.get(request.callId)
    if (prepared === undefined) {
      if (request.payload === undefined) return { kind: 'need-payload' }
      const result = await prepare(request.payload)
      if ('kind' in result) return result
      prepared = result
    }
    const { fn, payload } = prepared
    const limits = payload.workerLimits
    if (limits !== undefined) return runWithin(limits, fn, payload, request)
    const run = await runTasksHere(fn, payload, request.start, request.items, request.budgetMs)
    tasksRun += ranIn(run)
    return toReply(run, payload, request)
  }

  /**
   * Runs a batch of a call with worker limits: no further than the task that uses up
   * `maxTasksPerWorker`, or the first after which the memory is above
   * `workerMemoryLimit`; the reply then says the worker retires, and the parent
   * dispatches the rest elsewhere.
   */
  async function runWithin(limits: WorkerLimits, fn: TaskFn, payload: CallPayload, request: BatchRequest): Promise<BatchReply> {
    const { maxTasksPerWorker: maxTasks, workerMemoryLimit: memoryLimit } = limits
    let items = request.items
    // At least one task: a worker over its count (a failed batch may end there) runs one, then retires.
    if (maxTasks !== undefined) items = items.slice(0, Math.max(1, maxTasks - tasksRun))
    const overMemory = memoryLimit === undefined || memory === undefined ? undefined : () => memory.exceeds(memoryLimit)
    const run = await runTasksHere(fn, payload, request.start, items, request.budgetMs, overMemory)
    tasksRun += ranIn(run)
    const reply = toReply(run, payload, request)
    if (reply.kind !== 'done') return reply
    let retire: RetireReason | undefined
    if (maxTasks !== undefined && tasksRun >= maxTasks) retire = 'maxTasksPerWorker'
    else if (!run.threw && run.stopped === true) retire = 'workerMemoryLimit'
    return retire === undefined ? reply : { ...reply, retire }
  }

  function toReply(run: TasksRun, payload: CallPayload, request: BatchRequest): BatchReply {
    if (!run.threw) return { kind: 'done', results: run.results, durationMs: run.durationMs, logs: run.logs }
    const { at, error, results, logs } = run
    if (payload.task.kind === 'source' && error instanceof ReferenceError) {
      // The tasks before this one finished here: their results stand, so tasks with side
      // effects do not run twice. This one runs again in series; its records come from that run.
      const end = request.start + at
      const finished = { results: results.slice(0, at), logs: logs?.filter((record) => record.taskIndex < end) }
      return { kind: 'fallback', reason: closureReason(error), finished }
    }
    return { kind: 'failed', taskIndex: request.start + at, error: serializeError(error), logs }
  }

  return { handle, forget: (callId) => void calls.delete(callId), has: (callId) => calls.has(callId) }
}

/** How many tasks a run ran, the one that threw included. */
function ranIn(run: TasksRun): number {
  return run.threw ? run.at + 1 : run.results.length
}

/** Evaluates shipped source at global scope, so it sees the worker's globals and nothing else. */
function rebuild(source: string): TaskFn {
  const fn = (0, eval)(`(${source}\n)`) as unknown
  if (typeof fn !== 'function') throw new TypeError('the source does not evaluate to a function')
  return fn as TaskFn
}

function closureReason(error: ReferenceError): string {
  const name = /^(\S+) is not defined/.exec(error.message)?.[1]
  const what = name === undefined ? `it raised "${error.message}"` : `it uses \`${name}\`, which does not exist there`
  return (
    `the task function cannot run in a worker: ${what}. A function sent to workers must be self-contained; ` +
    'pass what it needs through args/kwargs, or use a module reference { module, name }.'
  )
}
