import { multitask, parallelBackend } from '@multitask/core'
import { shutdown, type WorkerOptions } from '@multitask/bullmq'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startRedisServer, type RedisServer } from './fixtures/redis-server.js'
import { NO_REDIS, REDIS_URL, spawnWorker, task, uniqueQueue, type WorkerProcess } from './helpers.js'

describe.skipIf(NO_REDIS)('one backend per distinct set of options', () => {
  const queue = uniqueQueue('per-options')
  let second: RedisServer
  let workers: WorkerProcess[] = []
  const port = (url: string) => Number(new URL(url).port)

  beforeAll(async () => {
    second = await startRedisServer()
    // The same queue name on two Redis servers, each served by a worker that says which it is.
    workers = await Promise.all([
      spawnWorker({ queue }, { WHICH_REDIS: 'first' }),
      spawnWorker({ queue, connection: second.url } as Omit<WorkerOptions, 'connection'>, { WHICH_REDIS: 'second' }),
    ])
  })
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()))
    await shutdown()
    await second?.stop()
  })

  it('sends a call to the Redis its connection options name, when they differ only in a nested field (issue 17)', async () => {
    const on = (url: string) =>
      parallelBackend('bullmq', { connection: { host: '127.0.0.1', port: port(url) }, queue, nJobs: 2, noWorkerTimeout: 10_000 }, () =>
        multitask(task('envOf'), ['WHICH_REDIS', 'WHICH_REDIS'], null, null),
      )
    expect(await on(REDIS_URL)).toEqual(['first', 'first'])
    expect(await on(second.url)).toEqual(['second', 'second'])
  })
})
