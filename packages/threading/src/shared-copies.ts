import { Buffer } from 'node:buffer'
// Node's timers (also on Deno and Bun): their unref lets a program exit while a copy is kept.
import { clearTimeout, setTimeout } from 'node:timers'

/**
 * How long a shared copy outlives its last call. Programs often call again and again
 * over the same large array (one pass of a pipeline after another); keeping the copy a
 * little saves allocating and filling a new one each time, which for big data costs
 * more than the tasks. A fixed, short time bounds what the cache holds on to.
 */
export const KEEP_SHARED_COPY_MS = 10_000

interface Entry {
  readonly shared: SharedArrayBuffer
  /** Calls running with this copy now. */
  users: number
  expiry?: ReturnType<typeof setTimeout>
}

// Keyed weakly by the caller's buffer: a buffer the caller dropped takes its copy with it.
const entries = new WeakMap<ArrayBuffer, Entry>()

/** A shared copy of a caller's buffer for one call; `release` it when the call ends. */
export interface SharedCopy {
  readonly shared: SharedArrayBuffer
  /** Whether bytes were copied for this call (false when an unchanged copy was reused). */
  readonly copied: boolean
  release(): void
}

/**
 * A `SharedArrayBuffer` holding the bytes `buffer` holds now. The copy kept from an
 * earlier call over the same buffer is reused when no call is using it: as it is when
 * the bytes are the same (the check reads both, which is cheaper than allocating and
 * writing a new copy), refilled when they differ (the caller or a task wrote in the
 * meantime). Calls running at once never share a copy, so a task's writes to its copy
 * are never seen by another call.
 */
export function sharedCopyOf(buffer: ArrayBuffer): SharedCopy {
  const entry = entries.get(buffer)
  // A resizable buffer may have changed length since: then its kept copy cannot serve.
  if (entry !== undefined && entry.users === 0 && entry.shared.byteLength === buffer.byteLength) {
    clearTimeout(entry.expiry)
    entry.users++
    const theirs = Buffer.from(buffer)
    const ours = Buffer.from(entry.shared)
    const same = theirs.equals(ours)
    if (!same) ours.set(theirs)
    return { shared: entry.shared, copied: !same, release: once(() => release(buffer, entry)) }
  }
  const shared = new SharedArrayBuffer(buffer.byteLength)
  new Uint8Array(shared).set(new Uint8Array(buffer))
  if (entry !== undefined && entry.users > 0) return { shared, copied: true, release: () => {} } // the kept copy is busy: this one is the call's alone
  clearTimeout(entry?.expiry) // a kept copy of another length is replaced
  const created: Entry = { shared, users: 1 }
  entries.set(buffer, created)
  return { shared, copied: true, release: once(() => release(buffer, created)) }
}

function release(buffer: ArrayBuffer, entry: Entry): void {
  if (--entry.users > 0) return
  entry.expiry = setTimeout(() => {
    if (entries.get(buffer) === entry && entry.users === 0) entries.delete(buffer)
  }, KEEP_SHARED_COPY_MS)
  // Must not keep the program alive.
  entry.expiry.unref()
}

function once(fn: () => void): () => void {
  let done = false
  return () => {
    if (done) return
    done = true
    fn()
  }
}
