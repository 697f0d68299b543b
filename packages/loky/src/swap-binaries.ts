import { isPlainObject } from './arg-markers.js'

type Binary = ArrayBufferView | ArrayBuffer | SharedArrayBuffer

/**
 * A copy-on-write walk of a value: every typed array, `DataView` or buffer found in
 * it (in arrays, `Map`s, `Set`s and plain objects) goes through `swap`, and the
 * containers on the way to a swapped one are copied, so the caller's own objects are
 * never changed; a value with nothing swapped comes back as itself. Cycles and shared
 * references are kept (each object is walked once). The one walk behind large
 * arguments (parent) and large results (worker).
 */
export function binarySwapper(swap: (value: Binary) => unknown): (value: unknown) => unknown {
  const memo = new Map<object, unknown>()
  const walk = (value: unknown): unknown => {
    if (value === null || typeof value !== 'object') return value
    const known = memo.get(value)
    if (known !== undefined) return known
    memo.set(value, value) // a cycle back to here keeps the original
    let result: unknown = value
    if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer || value instanceof SharedArrayBuffer) {
      result = swap(value)
    } else if (Array.isArray(value)) {
      const copy = value.map(walk)
      if (copy.some((v, i) => v !== value[i])) result = copy
    } else if (value instanceof Map) {
      const original = [...value]
      const entries = original.map(([k, v]) => [walk(k), walk(v)] as const)
      if (entries.some(([k, v], i) => k !== original[i]![0] || v !== original[i]![1])) result = new Map(entries)
    } else if (value instanceof Set) {
      const original = [...value]
      const items = original.map(walk)
      if (items.some((v, i) => v !== original[i])) result = new Set(items)
    } else if (isPlainObject(value)) {
      let copy: Record<string, unknown> | undefined
      for (const key of Object.keys(value)) {
        const v = (value as Record<string, unknown>)[key]
        const w = walk(v)
        if (w !== v) (copy ??= { ...value })[key] = w
      }
      if (copy !== undefined) result = copy
    }
    memo.set(value, result)
    return result
  }
  return walk
}
