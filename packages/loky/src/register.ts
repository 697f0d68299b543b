import { registerParallelBackend } from '@multitask/core'
import { registerShutdown } from '@multitask/core/backend'
import { lokyBackendFor, shutdown } from './default-backend.js'
import { LOKY_CAPABILITIES } from './loky-backend.js'
import { workerProcessProblem } from './host-runtime.js'
import { threadsInstead } from './threads-instead.js'

// Decided once, before any call can fork: where processes cannot start (Deno without
// --allow-run), the name 'loky' is served by threads when they are installed.
const problem = workerProcessProblem()
const substitute = problem === undefined ? undefined : await threadsInstead(problem)

// Importing the package is what registers it: core imports `@multitask/loky` when a
// call first names 'loky' (or needs the default backend).
// Declared capabilities let core choose by them without creating a backend (which, for
// the substitute, would warn before any call uses it).
const THREADS_INSTEAD = { runsOn: 'threads', supportsSharedMemory: true, supportsTimeout: true } as const
registerParallelBackend('loky', substitute ?? lokyBackendFor, { capabilities: substitute ? THREADS_INSTEAD : LOKY_CAPABILITIES })
registerShutdown('loky', shutdown)
