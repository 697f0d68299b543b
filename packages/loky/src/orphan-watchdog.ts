import { rmSync } from 'node:fs'
import { Worker } from 'node:worker_threads'
import { loadAddon } from './file-mapper.js'
import { removeResultFiles } from './result-files.js'

// Where @multitask/mmap does not load: the same watch from a worker thread, which boots
// a JavaScript environment of its own (tens of ms of CPU on every worker's start).
const WATCHDOG = `
const { parentPort, workerData } = require('node:worker_threads')
const { rmSync } = require('node:fs')
const folders = new Set()
parentPort.on('message', (folder) => folders.add(folder))
setInterval(() => {
  if (process.ppid === workerData.parentPid) return
  for (const folder of folders) rmSync(folder, { recursive: true, force: true })
  process.kill(process.pid, 'SIGKILL')
}, workerData.intervalMs)
`

const parentFolders = new Set<string>()
let watchdog: Worker | undefined
let nativeWatch: { removeWithParent(folder: string): void } | undefined

/**
 * Makes this worker process end when its parent is gone, however the parent ended.
 * A closed IPC channel (the parent exited, or was killed) ends an idle worker at
 * once; a worker busy with a long task is ended by a watchdog thread that notices it
 * was re-parented (a native one from `@multitask/mmap` where it loads, else a worker
 * thread). Without this, SIGTERM or SIGKILL to the caller would leave busy workers
 * running until their tasks finished.
 */
export async function exitWithParent(intervalMs = 250): Promise<void> {
  const parentPid = process.ppid
  process.once('disconnect', () => {
    if (parentIsGone(parentPid)) {
      for (const folder of parentFolders) rmSync(folder, { recursive: true, force: true })
      removeResultFiles(parentPid)
    }
    process.exit(0)
  })
  const { addon } = await loadAddon()
  if (addon !== undefined) {
    if (!addon.watchParent(parentPid, intervalMs)) process.exit(0) // the parent is gone already
    nativeWatch = addon
    return
  }
  watchdog = new Worker(WATCHDOG, { eval: true, workerData: { parentPid, intervalMs } })
  // The watchdog (and its message port) must never be what keeps a worker process alive.
  watchdog.unref()
}

/**
 * A folder of the parent's shared-memory segments, seen in a payload: if the parent
 * dies without removing it (SIGKILL, or a signal it does not handle, which skips its
 * exit hook), this worker removes it as it exits. Its files are the parent's alone.
 */
export function noteParentFolder(folder: string): void {
  if (parentFolders.has(folder)) return
  parentFolders.add(folder)
  nativeWatch?.removeWithParent(folder)
  watchdog?.postMessage(folder)
}

/**
 * Whether the parent has died. Its channel closes as it exits, a moment before this
 * process is handed to another parent, so the change of parent is awaited briefly; a
 * parent that is alive (and only closed the channel) is never taken for dead.
 */
function parentIsGone(parentPid: number): boolean {
  const nap = new Int32Array(new SharedArrayBuffer(4))
  for (let waited = 0; waited < 100; waited++) {
    if (process.ppid !== parentPid) return true
    Atomics.wait(nap, 0, 0, 1)
  }
  return false
}
