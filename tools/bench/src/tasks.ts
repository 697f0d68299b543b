/**
 * The task functions every JavaScript contestant runs, and their arguments.
 * Each function is self-contained (multitask ships it to workers as source), and the
 * peers' worker scripts import these very functions, so every contestant runs the same
 * code. `python/joblib_bench.py` has the Python twins.
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
 * Like {@link spin}, but about 1 task in 20 (picked by a multiplicative hash, so the long
 * ones are scattered and sometimes clustered) does `longFactor` times the work.
 */
export const uneven = (args: { iters: number; longFactor: number }, i: number): number => {
  const long = ((Math.imul(i, 0x9e3779b1) >>> 0) >>> 16) % 20 === 0
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

export const TASKS = { trivial, spin, uneven, sliceSum } as const
export type TaskName = keyof typeof TASKS

/** What a run needs to rebuild its arguments in any driver (JSON-friendly). */
export interface TaskParams {
  readonly iters?: number
  readonly longFactor?: number
  readonly dataBytes?: number
  readonly parts?: number
}

const dataCache = new Map<string, Float64Array>()

/**
 * The `args` of a task. The big array is made once per driver (before any timing) and
 * kept; `shared` puts it in a SharedArrayBuffer, the way the thread pools' docs share
 * large data with workers instead of cloning it into every message.
 */
export function buildArgs(task: TaskName, params: TaskParams, shared = false): unknown {
  switch (task) {
    case 'trivial':
      return [0, 1, 2, 3, 4]
    case 'spin':
      return { iters: params.iters ?? 1000 }
    case 'uneven':
      return { iters: params.iters ?? 1000, longFactor: params.longFactor ?? 50 }
    case 'sliceSum':
      return { data: bigData(params.dataBytes ?? 1 << 20, shared), parts: params.parts ?? 256 }
  }
}

function bigData(bytes: number, shared: boolean): Float64Array {
  const key = `${bytes}:${shared}`
  let data = dataCache.get(key)
  if (!data) {
    data = new Float64Array(shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes))
    // Small integers: every contestant's sum is exact, so checksums must agree to the bit.
    for (let k = 0; k < data.length; k++) data[k] = k % 1024
    dataCache.set(key, data)
  }
  return data
}
