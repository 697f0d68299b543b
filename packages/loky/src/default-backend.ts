import { BackendCache, type ParallelBackend } from '@multitask/core/backend'
import { createLokyBackend, type LokyBackend } from './loky-backend.js'
import type { LokyOptions } from './options.js'

/** The instance registered as `'loky'`: one reusable pool per process. */
export const lokyBackend: LokyBackend = createLokyBackend()

// Each distinct `env`, `execArgv`, ... needs processes of its own.
const withOptions = new BackendCache((options) => createLokyBackend(options as LokyOptions))

/**
 * The backend for a `parallelBackend('loky', options)` context: the shared instance
 * without options, else one instance (and pool) per distinct set of options.
 */
export function lokyBackendFor(options: Readonly<Record<string, unknown>>): ParallelBackend {
  return Object.keys(options).length === 0 ? lokyBackend : withOptions.get(options)
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
  await Promise.all([lokyBackend.terminate!(), withOptions.close()])
}
