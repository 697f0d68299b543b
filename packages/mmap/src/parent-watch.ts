import { binding } from './binding.js'

/**
 * Ends this process (with SIGKILL) once its parent process is gone, checking every
 * `intervalMs` from a native thread: it acts even while the main thread is stuck in a
 * long synchronous task, which a `disconnect` or `exit` listener cannot. Before it ends
 * the process it removes the folders given to {@link removeWithParent}. Calling it again
 * with the same parent does nothing more.
 *
 * For a worker process of a pool: its parent's end (even by SIGKILL) must not leave it
 * running, nor the parent's temporary files behind.
 *
 * @returns `false` when the parent is already gone (or another parent is watched).
 * @throws Error when the addon is not available (check {@link mapFileSupport} first).
 *
 * @example
 * ```ts
 * import { watchParent } from '@multitask/mmap'
 * if (!watchParent(process.ppid)) process.exit(0)
 * ```
 */
export function watchParent(parentPid: number, intervalMs = 250): boolean {
  if (!Number.isSafeInteger(parentPid) || parentPid <= 0) throw new RangeError(`watchParent: parentPid must be a positive integer; received ${String(parentPid)}.`)
  if (!Number.isSafeInteger(intervalMs) || intervalMs <= 0 || intervalMs > 2 ** 31 - 1) {
    throw new RangeError(`watchParent: intervalMs must be a positive integer of milliseconds; received ${String(intervalMs)}.`)
  }
  const loaded = binding()
  if (loaded instanceof Error) throw new Error(`watchParent is not available here: ${loaded.message}`, { cause: loaded })
  return loaded.watchParent(parentPid, intervalMs)
}

/**
 * A folder (and everything in it) that {@link watchParent}'s thread removes before it
 * ends the process, because the parent is gone.
 *
 * @throws Error when the addon is not available.
 *
 * @example
 * ```ts
 * import { removeWithParent, watchParent } from '@multitask/mmap'
 * watchParent(process.ppid)
 * removeWithParent('/dev/shm/multitask-1234-abc')
 * ```
 */
export function removeWithParent(folder: string): void {
  if (typeof folder !== 'string' || folder === '') throw new TypeError(`removeWithParent: folder must be a non-empty path; received ${JSON.stringify(folder)}.`)
  const loaded = binding()
  if (loaded instanceof Error) throw new Error(`removeWithParent is not available here: ${loaded.message}`, { cause: loaded })
  loaded.removeWithParent(folder)
}
