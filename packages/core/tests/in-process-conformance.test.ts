// A backend built on runBatchInProcess with more than one "worker" (batches interleave in
// this thread) must behave like the others: failed task indices and captured logs
// included, which runBatchInProcess once lacked.
import { afterAll, beforeAll, describe, it } from 'vitest'
import { registerParallelBackend } from '@multitask/core'
import { defineConformanceTests, runBatchInProcess, type ParallelBackend } from '@multitask/core/backend'

const inline: ParallelBackend = {
  name: 'inline',
  runsOn: 'in-process',
  supportsSharedMemory: true,
  supportsTimeout: false,
  runBatch: (call, batch) => runBatchInProcess(call, batch),
}
registerParallelBackend('inline', () => inline)

defineConformanceTests(
  { describe, it, skip: it.skip, beforeAll, afterAll },
  {
    backend: 'inline',
    capabilities: inline,
    skip: {
      'parallel-workers': 'batches take turns on the calling thread, so tasks never run at the same time',
      'uncopyable-args-fallback': 'nothing is copied, so nothing falls back',
    },
  },
)
