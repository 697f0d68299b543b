import { registerParallelBackend } from '@multitask/core'
import { serialBackend } from './serial-backend.js'

// Importing the package is what registers it: core imports `@multitask/serial` when
// a call first names 'serial' or 'sequential'.
registerParallelBackend('serial', () => serialBackend, { capabilities: serialBackend })
registerParallelBackend('sequential', () => serialBackend, { capabilities: serialBackend })
