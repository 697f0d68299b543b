import { runCall } from '../engine/engine.js'
import type { TaskFunction1, TaskFunction2 } from './multitask.js'
import { parseOptions, type MultitaskOptions } from './options.js'
import type { IndexedResult } from '../engine/parallel-run.js'
import { TaskSource } from '../engine/source.js'
import { toTaskSpec, type ModuleReference } from '../task/task.js'
import { invalidArgument } from '../errors/argument-errors.js'

export type { IndexedResult } from '../engine/parallel-run.js'

/** Options of {@link multitaskIter}: those of multitask, plus `ordered`. */
export interface MultitaskIterOptions extends MultitaskOptions {
  /**
   * `true`: results in input order, as soon as each and all before it are ready.
   * `false`: results as they finish, each as `{ index, value }`.
   * @default true
   */
  readonly ordered?: boolean
}

type Yielded<R, O> = O extends { ordered: false } ? IndexedResult<Awaited<R>> : Awaited<R>

/**
 * Like {@link multitask}, but an async iterable of results as they become ready (joblib's
 * `return_as='generator'`). It reads the input lazily and keeps a bounded number of
 * tasks ahead of what you have consumed, so a generator of millions of items runs in
 * bounded memory; leaving the loop early (`break`, `return`, a throw) stops the run
 * and frees the workers. Checks run when iteration starts.
 *
 * @example
 * ```ts
 * import { multitaskIter } from '@multitask/core'
 * function* tiles() { for (let i = 0; i < 1e6; i++) yield i }
 * for await (const area of multitaskIter((scale: number, i: number) => i * scale, tiles(), 2, null, { jobs: -1 })) {
 *   if (area > 100) break // stops the run
 * }
 * for await (const { index, value } of multitaskIter(f, items, args, null, { ordered: false })) { ... }
 * ```
 */
export function multitaskIter<A, T, R, O extends MultitaskIterOptions = MultitaskIterOptions>(
  func: TaskFunction1<A, T, R>,
  iterable: Iterable<T>,
  args: A,
  kwargs?: null,
  options?: O,
): AsyncIterable<Yielded<R, O>>
export function multitaskIter<A, K, T, R, O extends MultitaskIterOptions = MultitaskIterOptions>(
  func: TaskFunction2<A, K, T, R>,
  iterable: Iterable<T>,
  args: A,
  kwargs: K,
  options?: O,
): AsyncIterable<Yielded<R, O>>
export function multitaskIter<F extends (...a: any[]) => unknown, O extends MultitaskIterOptions = MultitaskIterOptions>(
  func: ModuleReference<F>,
  iterable: Iterable<unknown>,
  args: unknown,
  kwargs?: unknown,
  options?: O,
): AsyncIterable<Yielded<ReturnType<F>, O>>
export async function* multitaskIter(
  func: unknown,
  iterable: Iterable<unknown>,
  args: unknown,
  kwargs?: unknown,
  options?: MultitaskIterOptions,
): AsyncGenerator<unknown> {
  const { ordered = true, ...rest } = options ?? {}
  if (typeof ordered !== 'boolean') throw invalidArgument(`\`ordered\` must be true or false; received ${String(ordered)}.`)
  const task = toTaskSpec(func)
  const parsed = parseOptions(rest)
  const source = new TaskSource(iterable, parsed.skip)
  for await (const chunk of runCall({ task, source, args, kwargs, options: parsed, ordered })) {
    for (const { start, values } of chunk) {
      for (let k = 0; k < values.length; k++) yield ordered ? values[k] : { index: start + k, value: values[k] }
    }
  }
}
