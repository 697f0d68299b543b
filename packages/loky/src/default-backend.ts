import { createLokyBackend, type LokyBackend } from './loky-backend.js'
import type { LokyOptions } from './options.js'

/** The instance registered as `'loky'`: one reusable pool per process. */
export const lokyBackend: LokyBackend = createLokyBackend()

const withOptions = new Map<string, LokyBackend>()

/**
 * The backend for a `parallelBackend('loky', options)` context: the shared instance
 * without options, else one instance (and pool) per distinct set of options.
 */
export function lokyBackendFor(options: Readonly<Record<string, unknown>>): LokyBackend {
  if (Object.keys(options).length === 0) return lokyBackend
  const key = JSON.stringify(options, Object.keys(options).sort())
  let backend = withOptions.get(key)
  if (backend === undefined) {
    backend = createLokyBackend(options as LokyOptions)
    withOptions.set(key, backend)
  }
  return backend
}

/**
 * Stops every worker process of the loky backend (the shared pool and those of
 * contexts with options). Calls made later start a new pool. An idle pool does not
 * keep a program alive, so this is only needed to free the processes early.
 *
 * @example
 * ```ts
 * import { shutdown } from '@multitask/loky'
 * await shutdown()
 * ```
 */
export async function shutdown(): Promise<void> {
  await Promise.all([lokyBackend, ...withOptions.values()].map((backend) => backend.terminate!()))
}
