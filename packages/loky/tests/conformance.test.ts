// The backend conformance kit on the loky backend, with real worker processes.
import { afterAll, beforeAll, describe, it } from 'vitest'
import { defineConformanceTests } from '@multitask/core/backend'
import { lokyBackend, shutdown } from '@multitask/loky'
import { childrenOf } from './fixtures/process-table.js'

defineConformanceTests(
  { describe, it, skip: it.skip, beforeAll, afterAll },
  {
    backend: 'loky',
    capabilities: lokyBackend,
    shutdown,
    // From the process table, not the pool's bookkeeping: a process the pool forgot still counts.
    liveWorkers: () => childrenOf(process.pid).length,
    teardown: shutdown,
  },
)
