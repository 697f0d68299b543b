// The backend conformance kit on the threading backend, with real worker threads.
import { afterAll, beforeAll, describe, it } from 'vitest'
import { defineConformanceTests } from '@multitask/core/backend'
import { poolStats, shutdown, threadingBackend } from '@multitask/threading'

defineConformanceTests(
  { describe, it, skip: it.skip, beforeAll, afterAll },
  {
    backend: 'threading',
    capabilities: threadingBackend(),
    shutdown,
    // Threads that are starting count too: they are workers a shutdown must end.
    liveWorkers: () => poolStats().threads + poolStats().starting,
    teardown: shutdown,
  },
)
