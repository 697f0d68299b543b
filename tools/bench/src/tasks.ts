/**
 * The task functions every JavaScript contestant runs. Each function is self-contained
 * (multitask ships it to workers as source), and the peers' worker scripts import these
 * very functions, so every contestant runs the same code. `python/joblib_bench.py` has
 * the Python twins; `task-args.ts` builds their arguments.
 */

/** `args[i % 5] + 10`: the smallest possible task, so overhead is all that is measured. */
export const trivial = (args: number[], i: number): number => args[i % 5]! + 10

/** A fixed amount of integer arithmetic (MINSTD steps, exact in doubles and in Python ints). */
export const spin = (args: { iters: number }, i: number): number => {
  let x = i + 1
  for (let k = 0; k < args.iters; k++) x = (x * 48271) % 2147483647
  return x
}

/**
 * Like {@link spin}, but the tasks inside `runs` (half-open index ranges) do `longFactor`
 * times the work. The long tasks come in blocks of consecutive indices, so that a fixed
 * chunk size puts a whole block on one worker while the other runs out of work.
 */
export const uneven = (args: { iters: number; longFactor: number; runs: readonly (readonly [number, number])[] }, i: number): number => {
  let long = false
  for (const [from, to] of args.runs) if (i >= from && i < to) long = true
  const iters = long ? args.iters * args.longFactor : args.iters
  let x = i + 1
  for (let k = 0; k < iters; k++) x = (x * 48271) % 2147483647
  return x
}

/** Sums slice `i` of `parts` equal slices of `data`. */
export const sliceSum = (args: { data: Float64Array; parts: number }, i: number): number => {
  const size = args.data.length / args.parts
  let s = 0
  for (let k = i * size, end = k + size; k < end; k++) s += args.data[k]!
  return s
}

/**
 * A new Float64Array of `length` values `(k + i) % 1024`: a task whose result is large.
 * With `length` a multiple of 1024, every array sums to the same exact value.
 */
export const fillArray = (args: { length: number }, i: number): Float64Array => {
  const out = new Float64Array(args.length)
  for (let k = 0; k < args.length; k++) out[k] = (k + i) % 1024
  return out
}

/**
 * `tsSpin` is {@link spin} for every contestant but multitask, which gets it as a module
 * reference to a TypeScript file (see {@link TASK_MODULES}).
 */
export const TASKS = { trivial, spin, uneven, sliceSum, fillArray, tsSpin: spin } as const
export type TaskName = keyof typeof TASKS

/**
 * Tasks multitask receives as a module reference (`{ module, name }`) instead of a
 * function: `fixtures/ts-task.ts` (copied into dist by the build) exports `work`, the
 * same arithmetic as `spin` through a second local TypeScript module, as real projects
 * split their code.
 */
export const TASK_MODULES: Partial<Record<TaskName, { readonly module: URL; readonly name: string }>> = {
  tsSpin: { module: new URL('./fixtures/ts-task.ts', import.meta.url), name: 'work' },
}
