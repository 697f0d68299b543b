import { runBatchInProcess, type ParallelBackend } from '@multitask/core/backend'

/**
 * The sequential backend, joblib's `SequentialBackend`: every task runs in the
 * calling thread, one after another. Its effective worker count is always 1, so
 * multitask runs calls under it in series without batching; `runBatch` is there for
 * code that drives backends directly.
 */
export const serialBackend: ParallelBackend = {
  name: 'serial',
  runsOn: 'in-process',
  // Tasks run in the caller's own thread, so they see and modify the caller's memory.
  supportsSharedMemory: true,
  supportsTimeout: false,
  effectiveNJobs: () => 1,
  runBatch: runBatchInProcess,
}
