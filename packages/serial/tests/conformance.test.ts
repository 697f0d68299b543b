// The backend conformance kit on the serial backend: every case runs the call in this thread.
import { afterAll, beforeAll, describe, it } from 'vitest'
import { defineConformanceTests } from '@multitask/core/backend'
import { serialBackend } from '@multitask/serial'

defineConformanceTests(
  { describe, it, skip: it.skip, beforeAll, afterAll },
  {
    backend: 'serial',
    capabilities: serialBackend,
    skip: {
      'parallel-workers': 'the serial backend runs every task in the calling thread, one after another, by design',
      'uncopyable-args-fallback': 'nothing is copied to a worker, so there is nothing to fall back from: the call runs as it is, without a warning',
    },
  },
)
