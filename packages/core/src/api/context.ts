import { platform, type ContextStore } from '#platform'
import type { ParallelBackend } from '../backend/backend.js'
import { describeValue } from '../errors/describe.js'
import { parseJobs } from './parse-jobs.js'
import { invalidArgument } from '../errors/argument-errors.js'

/** Options of a {@link parallelBackend} context: `nJobs` plus any backend-specific options. */
export interface ParallelBackendOptions {
  /**
   * Workers for every multitask call inside the context that leaves `jobs` unset.
   * Same rules as `jobs`; -1 means all CPUs.
   * @default -1 (as in joblib's `parallel_backend`)
   */
  readonly nJobs?: number | null
  /**
   * Milliseconds an idle worker waits for work before it exits, for every backend that
   * keeps workers between calls (loky, threading, a bullmq worker's local pool). An
   * idle worker never keeps the program alive, whatever this is: a program exits by
   * itself. `Infinity` keeps workers until the backend is shut down. Passed on to the
   * backend (it is one of its options).
   * @default 300_000 (five minutes, as loky)
   * @example { idleTimeout: 10_000 }
   */
  readonly idleTimeout?: number
  /**
   * The default `maxTasksPerWorker` of the calls inside the context (a call's own
   * option wins): replace a worker after it has run this many tasks.
   * @default undefined (no limit)
   * @example { maxTasksPerWorker: 100 }
   */
  readonly maxTasksPerWorker?: number | null
  /**
   * The default `workerMemoryLimit` of the calls inside the context (a call's own
   * option wins): replace a worker whose memory is above this after a task.
   * @default undefined (no limit)
   * @example { workerMemoryLimit: '1.5 GiB' }
   */
  readonly workerMemoryLimit?: number | string | null
  /** Backend-specific options, passed to the backend's factory. */
  readonly [option: string]: unknown
}

/** The active context as multitask reads it. */
export interface BackendContext {
  readonly backend: string | ParallelBackend
  readonly nJobs: number | null
  readonly options: Readonly<Record<string, unknown>>
}

// On globalThis so that two copies of @multitask/core in one process share one context.
const STORAGE = Symbol.for('multitask.context')
const storage: ContextStore<BackendContext> = ((globalThis as Record<symbol, unknown>)[STORAGE] ??=
  platform.createContextStore<BackendContext>()) as ContextStore<BackendContext>

/** The context set by the innermost enclosing {@link parallelBackend}, if any. */
export function activeContext(): BackendContext | undefined {
  return storage.getStore()
}

/**
 * Runs `fn` with `backend` (and `options.nJobs`) as the default for every multitask
 * call inside it, including calls made in callbacks and after `await`s: the
 * counterpart of joblib's `parallel_backend` context manager, on `AsyncLocalStorage`.
 * Nested contexts merge: `nJobs` always, backend options when both name the same
 * backend (inner keys win); concurrent async flows do not see each
 * other's context; the previous context is back in force when `fn` returns or throws.
 *
 * @param backend - a registered backend name (`'loky'`, `'threading'`, `'serial'`,
 * `'sequential'`, or one you registered) or a backend instance. A name whose package
 * is not imported yet is imported (`@multitask/<name>`) by the first call that uses it.
 * @param options - `nJobs` and backend-specific options.
 * @param fn - the code to run; sync or async. Its result is returned as is.
 * @example
 * ```ts
 * import { multitask, parallelBackend } from '@multitask/core'
 * const addTen = (args: number[], i: number) => args[i] + 10
 * const result = await parallelBackend('threading', { nJobs: 2 }, () =>
 *   multitask(addTen, [0, 1, 2, 3, 4], [0, 1, 2, 3, 4], null),
 * ) // [10, 11, 12, 13, 14]
 * ```
 */
export function parallelBackend<T>(
  backend: string | ParallelBackend,
  options: ParallelBackendOptions | undefined,
  fn: () => T,
): T {
  if (typeof backend === 'string') {
    if (backend.length === 0) throw invalidArgument('`backend` must be a backend name or instance; received "".')
  } else if (backend === null || typeof backend !== 'object' || typeof backend.runBatch !== 'function') {
    throw invalidArgument(
      `\`backend\` must be the name of a registered or installed backend (as "multitask backends" lists them) or an object with a runBatch() method; received ${describeValue(backend)}.`,
    )
  }
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw invalidArgument(`\`options\` must be an object or undefined; received ${describeValue(options)}.`)
  }
  if (typeof fn !== 'function') throw invalidArgument(`\`fn\` must be a function; received ${describeValue(fn)}.`)
  const { nJobs, ...rest } = options ?? {}
  const outer = storage.getStore()
  // Backend options belong to their backend: they carry into a nested context of the
  // same backend (inner keys win), not into one that names another backend.
  const inherited = outer !== undefined && outer.backend === backend ? outer.options : {}
  const context: BackendContext = {
    backend,
    nJobs: parseJobs(nJobs, 'nJobs') ?? outer?.nJobs ?? null,
    options: { ...inherited, ...rest },
  }
  return storage.run(context, fn)
}
