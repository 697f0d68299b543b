import type { TaskName } from './tasks.js'

/** What a run needs to rebuild its arguments in any driver (JSON-friendly). */
export interface TaskParams {
  readonly iters?: number
  readonly longFactor?: number
  /** `uneven`: the half-open index ranges of the long tasks. */
  readonly runs?: readonly (readonly [number, number])[]
  readonly dataBytes?: number
  readonly parts?: number
  /** `sliceSum`: a new array, newly filled, for every call (else one array per driver, kept). */
  readonly fresh?: boolean
  /** `fillArray`: values per result array. */
  readonly length?: number
}

const dataCache = new Map<string, Float64Array>()
let freshCalls = 0

/**
 * The `args` of a task, made before any timing. The big array is made once per driver
 * and kept, unless `params.fresh` asks for a new one per call (filled with other values
 * each time, so no cache keyed on contents can recognize it). `shared` puts it in a
 * SharedArrayBuffer, the way the thread pools' docs share large data with workers
 * instead of cloning it into every message.
 */
export function buildArgs(task: TaskName, params: TaskParams, shared = false): unknown {
  switch (task) {
    case 'trivial':
      return [0, 1, 2, 3, 4]
    case 'spin':
    case 'tsSpin':
      return { iters: params.iters ?? 1000 }
    case 'uneven':
      return { iters: params.iters ?? 1000, longFactor: params.longFactor ?? 200, runs: params.runs ?? [] }
    case 'sliceSum': {
      const bytes = params.dataBytes ?? 1 << 20
      const data = params.fresh ? filled(bytes, shared, ++freshCalls % 1024) : cachedData(bytes, shared)
      return { data, parts: params.parts ?? 256 }
    }
    case 'fillArray':
      return { length: params.length ?? 1 << 17 }
  }
}

function cachedData(bytes: number, shared: boolean): Float64Array {
  const key = `${bytes}:${shared}`
  let data = dataCache.get(key)
  if (!data) {
    data = filled(bytes, shared, 0)
    dataCache.set(key, data)
  }
  return data
}

/**
 * `(k + offset) % 1024`: small integers, so every contestant's sum is exact and checksums
 * agree to the bit; and since slices hold a multiple of 1024 values, each slice sums to
 * the same value whatever the offset.
 */
function filled(bytes: number, shared: boolean, offset: number): Float64Array {
  const data = new Float64Array(shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes))
  for (let k = 0; k < data.length; k++) data[k] = (k + offset) % 1024
  return data
}
