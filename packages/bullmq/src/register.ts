import { registerParallelBackend } from '@multitask/core'
import { bullmqBackendFor } from './default-backend.js'

// Importing the package is what registers it: core imports `@multitask/bullmq` when a call names 'bullmq'.
registerParallelBackend('bullmq', bullmqBackendFor)
