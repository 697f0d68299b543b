import { registerParallelBackend } from '@multitask/core'
import { registerShutdown } from '@multitask/core/backend'
import { shutdown, threadingBackend } from './pools.js'
import { THREADING_CAPABILITIES } from './threading-backend.js'

// Importing the package is what registers it: core imports `@multitask/threading` when a
// call first names 'threading', sets forceThreading, or nests inside a worker.
registerParallelBackend('threading', (options) => threadingBackend(options), { capabilities: THREADING_CAPABILITIES })
registerShutdown('threading', shutdown)
