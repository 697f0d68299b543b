import { multitask, multitaskIter, parallelBackend, RemoteTaskError } from '@multitask/core'
import { type TaskLogRecord } from '@multitask/core/backend'
import '@multitask/bullmq'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { NO_REDIS, REDIS_URL, spawnWorker, task, uniqueQueue, type WorkerProcess } from './helpers.js'

describe.skipIf(NO_REDIS)('results through two worker processes', () => {
  const queue = uniqueQueue('results')
  const options = { connection: REDIS_URL, queue, nJobs: 4, noWorkerTimeout: 10_000 }
  let workers: WorkerProcess[] = []

  beforeAll(async () => {
    workers = await Promise.all([spawnWorker({ queue, concurrency: 2 }), spawnWorker({ queue, concurrency: 2 })])
  })
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()))
  })

  it('returns every result in input order, for a module reference', async () => {
    const items = Array.from({ length: 500 }, (_, i) => i)
    const results = await parallelBackend('bullmq', options, () => multitask(task('square'), items, null, null))
    expect(results).toEqual(items.map((x) => x * x))
  })

  it('passes args once per call and indexes them per task', async () => {
    const args = [5, 6, 7, 8]
    const results = await parallelBackend('bullmq', options, () => multitask(task('addTen'), [0, 1, 2, 3], args, null))
    expect(results).toEqual([15, 16, 17, 18])
  })

  it('keeps structured values: typed arrays, Maps, BigInts and Dates come back as they left', async () => {
    const items = [new Float64Array([1.5, 2]), new Map([['a', 1n]]), new Date(0), { nested: [undefined, null] }]
    const results = await parallelBackend('bullmq', options, () => multitask(task('identity'), items, null, null))
    expect(results).toEqual(items)
    expect(results[0]).toBeInstanceOf(Float64Array)
  })

  it("rethrows a task's error with its class name, message, fields and index, and the worker's stack", async () => {
    const run = parallelBackend('bullmq', options, () => multitask(task('failAt'), Array.from({ length: 40 }, (_, i) => i), { badIndex: 23 }, null))
    const error = (await run.catch((e: unknown) => e)) as RemoteTaskError & { code: string }
    expect(error).toBeInstanceOf(RemoteTaskError)
    expect(error.name).toBe('RangeError')
    expect(error.message).toBe('item 23 is out of range')
    expect(error.code).toBe('E_RANGE')
    expect(error.taskIndex).toBe(23)
    expect(error.stack).toContain('tasks.mjs')
  })

  it('leaves out skipped items, as every backend does', async () => {
    const results = await parallelBackend('bullmq', options, () =>
      multitask(task('square'), [1, 2, 3, 4, 5], null, null, { skip: [false, true, false, true, false] }),
    )
    expect(results).toEqual([1, 9, 25])
  })

  it("returns each task's console output to the caller's logger, in task order", async () => {
    const records: string[] = []
    const logger = { info: (...a: unknown[]) => records.push(a.join(' ')), warn: () => undefined, error: () => undefined, debug: () => undefined }
    const items = Array.from({ length: 30 }, (_, i) => i)
    const results = await parallelBackend('bullmq', options, () => multitask(task('logEach'), items, null, null, { logger }))
    expect(results).toEqual(items)
    expect(records.filter((r) => r.includes('task says'))).toEqual(items.map((i) => expect.stringContaining(`task says ${i}`)))
  })

  it('streams with multitaskIter, unordered too, each result once', async () => {
    const seen: number[] = []
    await parallelBackend('bullmq', options, async () => {
      for await (const { index, value } of multitaskIter(task('square'), [0, 1, 2, 3, 4, 5, 6, 7], null, null, { ordered: false })) {
        expect(value).toBe(index * index)
        seen.push(index)
      }
    })
    expect(seen.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
  })
})

export type { TaskLogRecord }
