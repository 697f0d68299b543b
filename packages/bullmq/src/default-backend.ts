import type { ParallelBackend } from '@multitask/core'
import { createBullmqBackend } from './bullmq-backend.js'
import type { BullmqOptions } from './options.js'

const instances = new Map<string, ParallelBackend>()

/** The backend for a `parallelBackend('bullmq', options)` context: one instance per distinct set of options. */
export function bullmqBackendFor(options: Readonly<Record<string, unknown>>): ParallelBackend {
  const key = JSON.stringify(options, Object.keys(options).sort())
  let backend = instances.get(key)
  if (backend === undefined) {
    backend = createBullmqBackend(options as unknown as BullmqOptions)
    instances.set(key, backend)
  }
  return backend
}
