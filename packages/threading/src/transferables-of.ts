/**
 * Which buffers of a thread's results move to the caller instead of being copied.
 *
 * Copying a result's 1 MiB typed array costs two copies (into the message, out of it)
 * and two fresh allocations; moving (transferring) it costs nothing, but leaves the
 * thread's buffer detached (length 0). So a buffer is moved only when nothing in the
 * thread can still need it:
 *
 * - it is an ordinary `ArrayBuffer` (a `SharedArrayBuffer` is shared, not copied, anyway)
 *   of at least {@link TRANSFER_MIN_BYTES} (smaller ones cost little to copy);
 * - the result reaches it through a view that covers all of it, or directly (a view on
 *   part of a buffer, such as a `Buffer` from Node's shared 8 KiB pool or a `subarray`
 *   of a larger array, may share it with data the task keeps);
 * - the call's `args` and `kwargs` in this thread do not reach it (the next batch of the
 *   call would find them detached).
 *
 * What a task returns is handed over: a task must not keep a returned typed array in
 * module state for later use (a cache, a scratch buffer), as that copy would be empty
 * afterwards. Return `array.slice()` to keep one.
 */

/** Buffers smaller than this are copied, as before. */
export const TRANSFER_MIN_BYTES = 64 * 1024

/**
 * The `ArrayBuffer`s to transfer with `results`, each once, by the rule above.
 * `kept` gives the buffers the thread still needs (those of the call's arguments); it
 * is asked only when some result holds a buffer worth moving, so calls whose results
 * are small never walk their arguments.
 *
 * @example
 * ```ts
 * const transfer = transferablesOf(reply.results, () => buffersIn([args, kwargs]))
 * port.postMessage(reply, transfer)
 * ```
 */
export function transferablesOf(results: readonly unknown[], kept?: () => ReadonlySet<ArrayBufferLike>): ArrayBuffer[] {
  const whole = new Set<ArrayBuffer>()
  const partial = new Set<ArrayBufferLike>()
  walk(results, (buffer, covers) => {
    if (covers && buffer instanceof ArrayBuffer && buffer.byteLength >= TRANSFER_MIN_BYTES) whole.add(buffer)
    else partial.add(buffer)
  })
  const movable = [...whole].filter((buffer) => !partial.has(buffer))
  if (movable.length === 0 || kept === undefined) return movable
  const needed = kept()
  return movable.filter((buffer) => !needed.has(buffer))
}

/** Every buffer `value` reaches, as structured cloning would copy it: what a call's arguments hold. */
export function buffersIn(value: unknown): Set<ArrayBufferLike> {
  const buffers = new Set<ArrayBufferLike>()
  walk(value, (buffer) => buffers.add(buffer))
  return buffers
}

/** Calls `found` for each buffer reachable from `value`, with whether the way to it covers it all. */
function walk(value: unknown, found: (buffer: ArrayBufferLike, covers: boolean) => void): void {
  const seen = new Set<object>()
  const stack: unknown[] = [value]
  while (stack.length > 0) {
    const next = stack.pop()
    if (next === null || typeof next !== 'object' || seen.has(next)) continue
    seen.add(next)
    if (ArrayBuffer.isView(next)) found(next.buffer, next.byteOffset === 0 && next.byteLength === next.buffer.byteLength)
    else if (next instanceof ArrayBuffer || next instanceof SharedArrayBuffer) found(next, true)
    else if (Array.isArray(next)) {
      for (const child of next) if (child !== null && typeof child === 'object') stack.push(child)
    } else if (next instanceof Map) {
      for (const [key, child] of next) stack.push(key, child)
    } else if (next instanceof Set) {
      for (const child of next) stack.push(child)
    } else {
      // Plain objects and class instances (cloned as plain objects): their own enumerable values.
      for (const key of Object.keys(next)) stack.push((next as Record<string, unknown>)[key])
    }
  }
}
