import { registeredBackends } from '@multitask/core'

const GRACE_MS = 3_000

/**
 * Stops the worker pools of the backends this run loaded, so no worker process or
 * thread outlives the command, even after an abort. Bounded: a pool that does not
 * stop in time is left to its own orphan watchdog rather than hanging the shell.
 */
export async function shutdownBackends(): Promise<void> {
  const loaded = registeredBackends()
  const stops: Promise<void>[] = []
  if (loaded.includes('loky')) stops.push(import('@multitask/loky').then((loky) => loky.shutdown()))
  if (loaded.includes('threading')) stops.push(import('@multitask/threading').then((threading) => threading.shutdown()))
  if (stops.length === 0) return
  let timer: ReturnType<typeof setTimeout> | undefined
  await Promise.race([
    Promise.allSettled(stops),
    new Promise((done) => (timer = setTimeout(done, GRACE_MS))),
  ]).finally(() => clearTimeout(timer))
}
