import { multitask, parallelBackend, RemoteTaskError } from '@multitask/core'
import { JobRejectedError } from '@multitask/bullmq'
import { afterAll, describe, expect, it } from 'vitest'
import { NO_REDIS, REDIS_URL, spawnWorker, task, uniqueQueue, type WorkerProcess } from './helpers.js'

describe.skipIf(NO_REDIS)('security: signed jobs and shipped source', () => {
  const started: WorkerProcess[] = []
  afterAll(async () => {
    await Promise.all(started.map((w) => w.stop()))
  })
  const worker = async (queue: string, options: object = {}, env: NodeJS.ProcessEnv = {}) => {
    const w = await spawnWorker({ queue, concurrency: 1, ...options }, env)
    started.push(w)
    return w
  }

  it('a worker with a secret runs jobs signed with it', async () => {
    const queue = uniqueQueue('signed')
    await worker(queue, {}, { MULTITASK_SECRET: 's3cret' })
    const results = await parallelBackend('bullmq', { connection: REDIS_URL, queue, nJobs: 2, secret: 's3cret' }, () =>
      multitask(task('square'), [1, 2, 3, 4], null, null),
    )
    expect(results).toEqual([1, 4, 9, 16])
  })

  it('a worker with a secret rejects unsigned jobs and jobs signed with another secret, with a logged error', async () => {
    const queue = uniqueQueue('unsigned')
    const w = await worker(queue, {}, { MULTITASK_SECRET: 's3cret' })
    const unsigned = parallelBackend('bullmq', { connection: REDIS_URL, queue, nJobs: 2 }, () => multitask(task('square'), [1, 2], null, null))
    const error = (await unsigned.catch((e: unknown) => e)) as JobRejectedError
    expect(error).toBeInstanceOf(JobRejectedError)
    expect(error.message).toMatch(/not signed/)
    const forged = parallelBackend('bullmq', { connection: REDIS_URL, queue, nJobs: 2, secret: 'guess' }, () =>
      multitask(task('square'), [1, 2], null, null),
    )
    await expect(forged).rejects.toThrow(/bad signature/)
    expect(w.stderr()).toMatch(/multitask worker: rejected job .* not signed/)
    expect(w.stderr()).toMatch(/multitask worker: rejected job .* bad signature/)
  })

  it('a worker refuses shipped function source unless started with allowSource', async () => {
    const queue = uniqueQueue('source')
    await worker(queue)
    const run = parallelBackend('bullmq', { connection: REDIS_URL, queue, nJobs: 2 }, () =>
      multitask((args: null, x: number) => x + 1, [1, 2, 3], null, null),
    )
    const error = (await run.catch((e: unknown) => e)) as RemoteTaskError
    expect(error).toBeInstanceOf(RemoteTaskError)
    expect(error.name).toBe('SourceNotAllowedError')
    expect(error.message).toMatch(/--allow-source/)
  })

  it('a worker started with allowSource runs shipped function source', async () => {
    const queue = uniqueQueue('allowed')
    await worker(queue, { allowSource: true })
    const results = await parallelBackend('bullmq', { connection: REDIS_URL, queue, nJobs: 2 }, () =>
      multitask((args: number, x: number) => x + args, [1, 2, 3], 100, null),
    )
    expect(results).toEqual([101, 102, 103])
  })
})
