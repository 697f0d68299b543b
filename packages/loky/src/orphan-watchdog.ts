import { Worker } from 'node:worker_threads'

// Runs in a thread of its own, so it still acts while the process's main thread is
// stuck in a long synchronous task.
const WATCHDOG = `
const { workerData } = require('node:worker_threads')
setInterval(() => {
  if (process.ppid !== workerData.parentPid) process.kill(process.pid, 'SIGKILL')
}, workerData.intervalMs)
`

/**
 * Makes this worker process end when its parent is gone, however the parent ended.
 * A closed IPC channel (the parent exited, or was killed) ends an idle worker at
 * once; a worker busy with a long task is ended by a watchdog thread that notices it
 * was re-parented. Without this, SIGTERM or SIGKILL to the caller would leave busy
 * workers running until their tasks finished.
 */
export function exitWithParent(intervalMs = 250): void {
  const parentPid = process.ppid
  process.once('disconnect', () => process.exit(0))
  const watchdog = new Worker(WATCHDOG, { eval: true, workerData: { parentPid, intervalMs } })
  // The watchdog must never be what keeps a worker process alive.
  watchdog.unref()
}
