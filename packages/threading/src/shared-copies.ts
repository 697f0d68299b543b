import { Buffer } from 'node:buffer'
import type { BufferPool } from '@multitask/core/backend'

/** A shared copy of a caller's buffer for one call; `release` it when the call ends. */
export interface SharedCopy {
  readonly shared: SharedArrayBuffer
  /** Whether bytes were copied for this call (false when a kept copy of the same buffer was unchanged). */
  readonly copied: boolean
  release(): void
}

/**
 * A `SharedArrayBuffer` holding the bytes `buffer` holds now, leased from `pool` for
 * one call. Programs often call again and again over data of one size (a pipeline
 * pass after another, a new array each time); filling a kept buffer costs a copy,
 * while a new one costs first-touch page faults that are worth many copies. The kept
 * copy of this very buffer is checked before it is refilled (reading both is cheaper
 * than writing); any other kept buffer of its size is refilled. The pool leases a
 * buffer to one call at a time, so a task's writes to its copy never reach another call.
 */
export function sharedCopyOf(buffer: ArrayBuffer, pool: BufferPool<SharedArrayBuffer>): SharedCopy {
  const lease = pool.acquire(buffer.byteLength, buffer)
  const ours = Buffer.from(lease.buffer)
  const theirs = Buffer.from(buffer)
  const same = lease.origin === 'same-source' && ours.equals(theirs)
  if (!same) ours.set(theirs)
  return { shared: lease.buffer, copied: !same, release: lease.release }
}
