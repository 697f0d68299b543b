import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { multitask, MultitaskError, parallelBackend } from '@multitask/core'
import { NoWorkersError } from '@multitask/bullmq'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { NO_REDIS, REDIS_URL, spawnWorker, task, uniqueQueue } from './helpers.js'
import { startProxy } from './fixtures/tcp-proxy.js'

// Short locks, so a dead worker's batch is taken over within about a second.
const FAST_STALL = { lockDuration: 1_000, stalledInterval: 500 }

describe.skipIf(NO_REDIS)('faults', () => {
  let dir: string
  let redis: Redis
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'multitask-bullmq-'))
    redis = new Redis(REDIS_URL)
  })
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true })
    redis.disconnect()
  })

  it('a worker SIGKILLed mid-batch has its batch run by another, and each result comes back once', async () => {
    const queue = uniqueQueue('kill')
    const file = join(dir, 'kill.log')
    writeFileSync(file, '')
    const victim = await spawnWorker({ queue, concurrency: 1, ...FAST_STALL })
    const survivor = await spawnWorker({ queue, concurrency: 1, ...FAST_STALL })
    try {
      const items = Array.from({ length: 24 }, (_, i) => i)
      const run = parallelBackend('bullmq', { connection: REDIS_URL, queue, nJobs: 2, noWorkerTimeout: 10_000 }, () =>
        multitask(task('recordAndSleep'), items, { file, ms: 60 }, null),
      )
      // Kill the victim once it is in the middle of a batch.
      while (!readFileSync(file, 'utf8').split('\n').some((line) => line.startsWith(`${victim.pid} `))) {
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
      victim.child.kill('SIGKILL')
      expect(await run).toEqual(items.map((i) => i * 2))
      const lines = readFileSync(file, 'utf8').trim().split('\n').map((line) => line.split(' ').map(Number))
      const ranOn = (pid: number) => new Set(lines.filter(([p]) => p === pid).map(([, item]) => item))
      const rerun = [...ranOn(victim.pid)].filter((item) => ranOn(survivor.pid).has(item))
      expect(rerun.length).toBeGreaterThan(0) // the interrupted batch ran again on the survivor
    } finally {
      await Promise.all([victim.stop(), survivor.stop()])
    }
  })

  it('a Redis connection that drops and comes back resumes the run', async () => {
    const queue = uniqueQueue('drop')
    const proxy = await startProxy(Number(new URL(REDIS_URL).port))
    const worker = await spawnWorker({ queue, concurrency: 2 })
    try {
      const items = Array.from({ length: 40 }, (_, i) => i)
      const run = parallelBackend('bullmq', { connection: proxy.url, queue, nJobs: 2, noWorkerTimeout: 10_000 }, () =>
        multitask(task('recordAndSleep'), items, { file: join(dir, 'drop.log'), ms: 40 }, null),
      )
      await new Promise((resolve) => setTimeout(resolve, 400))
      await proxy.cut()
      await new Promise((resolve) => setTimeout(resolve, 1_000))
      await proxy.restore()
      expect(await run).toEqual(items.map((i) => i * 2))
    } finally {
      await worker.stop()
      await proxy.close()
    }
  })

  it('with no worker, the call fails with a NoWorkersError after noWorkerTimeout, and leaves no job behind', async () => {
    const queue = uniqueQueue('none')
    const run = parallelBackend('bullmq', { connection: REDIS_URL, queue, nJobs: 2, noWorkerTimeout: 800 }, () =>
      multitask(task('square'), [1, 2, 3], null, null),
    )
    const error = (await run.catch((e: unknown) => e)) as NoWorkersError
    expect(error).toBeInstanceOf(NoWorkersError)
    expect(error).toBeInstanceOf(MultitaskError) // issue 17: the bullmq errors are multitask's too
    expect(error.code).toBe('ERR_MULTITASK_NO_WORKERS')
    expect(error.multitaskCode).toBe('ERR_MULTITASK_NO_WORKERS')
    expect(error.message).toContain(queue)
    expect(await redis.llen(`bull:${queue}:wait`)).toBe(0)
    expect(await redis.keys(`bull:${queue}:multitask:payload:*`)).toEqual([])
  })

  it('an aborted call removes its pending jobs and stops its running batches', async () => {
    const queue = uniqueQueue('abort')
    const worker = await spawnWorker({ queue, concurrency: 1 })
    try {
      const controller = new AbortController()
      const file = join(dir, 'abort.log')
      writeFileSync(file, '')
      const run = parallelBackend('bullmq', { connection: REDIS_URL, queue, nJobs: 4, noWorkerTimeout: 10_000 }, () =>
        multitask(task('recordAndSleep'), Array.from({ length: 8 }, (_, i) => i), { file, ms: 2_000 }, null, { signal: controller.signal }),
      )
      while (readFileSync(file, 'utf8') === '') await new Promise((resolve) => setTimeout(resolve, 10))
      expect(await redis.llen(`bull:${queue}:wait`)).toBeGreaterThan(0) // batches queued behind the busy worker
      controller.abort(new Error('enough'))
      await expect(run).rejects.toMatchObject({ name: 'AbortError' })
      expect(await redis.llen(`bull:${queue}:wait`)).toBe(0)
      await new Promise((resolve) => setTimeout(resolve, 500))
      expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(1) // nothing else started
    } finally {
      await worker.stop()
    }
  })

  it('large args are stored once per call in Redis, not in the jobs, and removed when the call ends', async () => {
    const queue = uniqueQueue('big')
    const worker = await spawnWorker({ queue, concurrency: 2 })
    try {
      const data = new Float64Array(500_000).fill(1) // 4 MB
      let sawPayload = 0
      let biggestJob = 0
      let jobsSeen = 0
      const results = await parallelBackend('bullmq', { connection: REDIS_URL, queue, nJobs: 2 }, async () => {
        const run = multitask(task('sumOfArgsSlowly'), Array.from({ length: 20 }, (_, i) => i), { data }, null)
        while (sawPayload === 0) {
          sawPayload = (await redis.keys(`bull:${queue}:multitask:payload:*`)).length
          await new Promise((resolve) => setTimeout(resolve, 5))
        }
        // Inspect the batch jobs while they are queued; a test that saw none would prove nothing.
        for (let tries = 0; jobsSeen === 0 && tries < 500; tries++) {
          for (const key of await redis.keys(`bull:${queue}:*-*`)) {
            if ((await redis.type(key)) !== 'hash') continue
            jobsSeen++
            biggestJob = Math.max(biggestJob, Number(await redis.hstrlen(key, 'data')))
          }
          if (jobsSeen === 0) await new Promise((resolve) => setTimeout(resolve, 10))
        }
        return run
      })
      expect(results).toEqual(Array.from({ length: 20 }, (_, i) => 500_000 + i))
      expect(sawPayload).toBe(1)
      expect(jobsSeen).toBeGreaterThan(0)
      expect(biggestJob).toBeGreaterThan(0)
      expect(biggestJob).toBeLessThan(10_000)
      expect(await redis.keys(`bull:${queue}:multitask:payload:*`)).toEqual([])
    } finally {
      await worker.stop()
    }
  })
})
