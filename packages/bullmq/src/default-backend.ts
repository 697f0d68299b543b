import { BackendCache, type ParallelBackend } from '@multitask/core/backend'
import { createBullmqBackend } from './bullmq-backend.js'
import type { BullmqOptions } from './options.js'

// Each distinct connection, queue, prefix or secret is a backend of its own.
const instances = new BackendCache((options) => createBullmqBackend(options as unknown as BullmqOptions))

/** The backend for a `parallelBackend('bullmq', options)` context: one instance per distinct set of options. */
export function bullmqBackendFor(options: Readonly<Record<string, unknown>>): ParallelBackend {
  return instances.get(options)
}

/**
 * Lets go of every backend made for `parallelBackend('bullmq', ...)` contexts. Redis
 * connections already close when a backend's last call ends; this is for test
 * teardown and for programs that want nothing of the bullmq backend left.
 *
 * @example
 * ```ts
 * import { shutdown } from '@multitask/bullmq'
 * afterAll(() => shutdown())
 * ```
 */
export async function shutdown(): Promise<void> {
  await instances.close()
}
