// The backend conformance kit on the bullmq backend: a real redis-server (global-setup)
// and two real worker processes, which run shipped functions because they allow source.
import { afterAll, beforeAll, describe, it } from 'vitest'
import { defineConformanceTests } from '@multitask/core/backend'
import { createBullmqBackend, shutdown } from '@multitask/bullmq'
import { NO_REDIS, REDIS_URL, spawnWorker, uniqueQueue, type WorkerProcess } from './helpers.js'

const queue = uniqueQueue('conformance')
let workers: WorkerProcess[] = []

describe.skipIf(NO_REDIS)('bullmq', () => {
  defineConformanceTests(
    { describe, it, skip: it.skip, beforeAll, afterAll },
    {
      backend: 'bullmq',
      backendOptions: { connection: REDIS_URL, queue, noWorkerTimeout: 10_000 },
      // The flags are the backend's own, read from an instance that is never started.
      capabilities: createBullmqBackend({ connection: REDIS_URL, queue }),
      setup: async () => {
        workers = await Promise.all([0, 1].map(() => spawnWorker({ queue, concurrency: 2, allowSource: true })))
      },
      teardown: async () => {
        await shutdown()
        await Promise.all(workers.map((worker) => worker.stop()))
      },
    },
  )
})
