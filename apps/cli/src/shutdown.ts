import { shutdownBackends as stopAll } from '@multitask/core/backend'

const GRACE_MS = 3_000

/**
 * Stops the worker pools of every backend this run loaded (each registered its shutdown
 * with core), so no worker process or thread outlives the command, even after an abort.
 * Bounded: a pool that does not stop in time is left to its own orphan watchdog rather
 * than hanging the shell.
 */
export function shutdownBackends(): Promise<void> {
  return stopAll({ graceMs: GRACE_MS })
}
