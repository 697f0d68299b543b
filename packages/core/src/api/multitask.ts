import { runCall } from '../engine/engine.js'
import type { ResultRun } from '../engine/parallel-run.js'
import { parseOptions, type MultitaskOptions } from './options.js'
import { TaskSource } from '../engine/source.js'
import { toTaskSpec, type ModuleReference } from '../task/task.js'

/** Form 1: `func(args, item)`. */
export type TaskFunction1<A, T, R> = (args: A, item: T) => R
/** Form 2: `func(args, kwargs, item)`. */
export type TaskFunction2<A, K, T, R> = (args: A, kwargs: K, item: T) => R

/**
 * Runs `func` once for every item of `iterable`, in series or in parallel, and
 * resolves with the results in input order: `result[i] = func(args, iterable[i])`
 * (form 1, when `kwargs` is `null` or `undefined`) or `func(args, kwargs, iterable[i])`
 * (form 2, for any other `kwargs`, `{}` included). Skipped items are left out.
 *
 * `func` may be sync or async. A plain function sent to worker threads or processes
 * travels as source, so it must be self-contained: everything it uses comes through
 * `args`, `kwargs` or the item. A function that cannot run in a worker (it closes over
 * outer variables, or `args` cannot be copied) runs in series instead, with one
 * warning. For tasks that import things, pass a module reference
 * `{ module, name }` (see {@link taskModule}).
 *
 * An error thrown by a task rejects the call (with the worker's stack kept) and the
 * remaining tasks are abandoned.
 *
 * @param func - the task function, or a module reference to one.
 * @param iterable - the items, each passed as the last argument; any iterable, consumed once.
 * @param args - passed as the first argument to every task.
 * @param kwargs - `null`/`undefined` for form 1; anything else is passed as the second argument (form 2).
 * @param options - see {@link MultitaskOptions}.
 * @returns the results, in input order, without the skipped items.
 * @example
 * ```ts
 * import { multitask } from '@multitask/core'
 * const numbers = [0, 1, 2, 3, 4]
 * const addTen = (args: number[], i: number) => args[i] + 10
 * await multitask(addTen, numbers.keys(), numbers, null)                    // [10, 11, 12, 13, 14]
 * await multitask(addTen, numbers.keys(), numbers, null, { skip: [false, false, true, false, false] }) // [10, 11, 13, 14]
 * await multitask(addTen, numbers.keys(), numbers, null, { jobs: -1 })     // all CPUs
 * ```
 */
export function multitask<A, T, R>(
  func: TaskFunction1<A, T, R>,
  iterable: Iterable<T>,
  args: A,
  kwargs?: null,
  options?: MultitaskOptions,
): Promise<Awaited<R>[]>
export function multitask<A, K, T, R>(
  func: TaskFunction2<A, K, T, R>,
  iterable: Iterable<T>,
  args: A,
  kwargs: K,
  options?: MultitaskOptions,
): Promise<Awaited<R>[]>
export function multitask<F extends (...a: any[]) => unknown>(
  func: ModuleReference<F>,
  iterable: Iterable<unknown>,
  args: unknown,
  kwargs?: unknown,
  options?: MultitaskOptions,
): Promise<Awaited<ReturnType<F>>[]>
export async function multitask(
  func: unknown,
  iterable: Iterable<unknown>,
  args: unknown,
  kwargs?: unknown,
  options?: MultitaskOptions,
): Promise<unknown[]> {
  // Everything is checked, and the whole input read, before any task or worker starts.
  const task = toTaskSpec(func)
  const parsed = parseOptions(options)
  const items = readAll(iterable)
  const source = new TaskSource(items, parsed.skip)
  const runs: ResultRun[] = []
  for await (const chunk of runCall({ task, source, args, kwargs, options: parsed, ordered: false })) {
    for (const run of chunk) runs.push(run)
  }
  // Assembled in order at the end, by push: an array filled by index as runs arrive
  // would be holey, which V8 clones (postMessage, v8.serialize) 3-5 times slower.
  runs.sort((a, b) => a.start - b.start)
  const results: unknown[] = []
  for (const { values } of runs) for (let k = 0; k < values.length; k++) results.push(values[k])
  return results
}

function readAll(iterable: unknown): unknown {
  if (Array.isArray(iterable)) return iterable.slice() // the caller may change it while tasks run
  if (iterable !== null && iterable !== undefined && typeof (iterable as Iterable<unknown>)[Symbol.iterator] === 'function') {
    return Array.from(iterable as Iterable<unknown>)
  }
  return iterable // TaskSource names the problem
}
