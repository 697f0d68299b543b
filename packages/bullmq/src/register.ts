import { registerParallelBackend } from '@multitask/core'
import { registerShutdown } from '@multitask/core/backend'
import { bullmqBackendFor, shutdown } from './default-backend.js'

// Importing the package is what registers it: core imports `@multitask/bullmq` when a call names 'bullmq'.
registerParallelBackend('bullmq', bullmqBackendFor)
registerShutdown('bullmq', shutdown)
