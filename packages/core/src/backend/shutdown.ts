/**
 * One place to stop every backend's workers: each backend package registers its
 * `shutdown` when it loads, and a program (the CLI, a server on SIGTERM) calls
 * {@link shutdownBackends} without knowing which backends it used.
 */

const KEY = Symbol.for('multitask.shutdowns')
// On globalThis so that two copies of core in one process share one list.
const shutdowns = ((globalThis as Record<symbol, unknown>)[KEY] ??= new Map<string, () => Promise<void>>()) as Map<
  string,
  () => Promise<void>
>

/**
 * Registers how to stop the workers of a backend package: called once per package when
 * it loads. A later registration under the same `name` replaces the earlier one.
 *
 * @example
 * ```ts
 * import { registerShutdown } from '@multitask/core/backend'
 * registerShutdown('mine', () => pool.close())
 * ```
 */
export function registerShutdown(name: string, shutdown: () => Promise<void>): void {
  shutdowns.set(name, shutdown)
}

/**
 * Stops the workers of every backend loaded in this process, waiting at most `graceMs`
 * (a pool that does not stop in time is left to its own exit hooks rather than hang the
 * caller). Backends stay usable: a later call starts new workers.
 *
 * @example
 * ```ts
 * import { shutdownBackends } from '@multitask/core/backend'
 * process.once('SIGTERM', () => void shutdownBackends().then(() => process.exit(0)))
 * ```
 */
export async function shutdownBackends(options: { readonly graceMs?: number } = {}): Promise<void> {
  if (shutdowns.size === 0) return
  let timer: ReturnType<typeof setTimeout> | undefined
  const grace = new Promise<void>((done) => (timer = setTimeout(done, options.graceMs ?? 3_000)))
  await Promise.race([Promise.allSettled([...shutdowns.values()].map((stop) => stop())), grace]).finally(() => clearTimeout(timer))
}
