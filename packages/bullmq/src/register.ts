import { registerParallelBackend } from '@multitask/core'
import { registerShutdown } from '@multitask/core/backend'
import { BULLMQ_CAPABILITIES } from './bullmq-backend.js'
import { bullmqBackendFor, shutdown } from './default-backend.js'

// Importing the package is what registers it: core imports `@multitask/bullmq` when a call names 'bullmq'.
registerParallelBackend('bullmq', bullmqBackendFor, { capabilities: BULLMQ_CAPABILITIES })
registerShutdown('bullmq', shutdown)
