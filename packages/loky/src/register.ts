import { registerParallelBackend } from '@multitask/core'
import { lokyBackendFor } from './default-backend.js'

// Importing the package is what registers it: core imports `@multitask/loky` when a
// call first names 'loky' (or needs the default backend).
registerParallelBackend('loky', lokyBackendFor)
