import { afterAll, describe, expect, it } from 'vitest'
import { multitask, parallelBackend } from '@multitask/core'
import { parseIdleTimeout, parseMaxTasksPerWorker, parseWorkerMemoryLimit, runBatchInProcess, type ParallelBackend } from '@multitask/core/backend'
import { createWorkerRuntime, type CallPayload } from '@multitask/core/worker'
import { ThreadBackend } from './fixtures/thread-backend.ts'

const MiB = 2 ** 20

describe('workerMemoryLimit parsing (issue 20)', () => {
  it.each([
    ['512M', 512 * MiB],
    ['512 MiB', 512 * MiB],
    ['1.5 GiB', 1.5 * 1024 * MiB],
    ['2G', 2 * 1024 * MiB],
    ['64k', 64 * 1024],
    ['1000', 1000],
    [536870912, 536870912],
  ])('reads %j as %d bytes', (value, bytes) => {
    expect(parseWorkerMemoryLimit(value)).toBe(bytes)
  })

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '', '0', '0M', '12 apples', '-1M', '512MB', 'M', '1e9', true, {}])(
    'rejects %j, naming the option and what is accepted',
    (value) => {
      expect(() => parseWorkerMemoryLimit(value)).toThrow(/`workerMemoryLimit` must be .*(size such as '512M'|more than 0)/)
    },
  )
})

describe('maxTasksPerWorker parsing (issue 20)', () => {
  it('accepts whole numbers of tasks from 1', () => {
    expect(parseMaxTasksPerWorker(1)).toBe(1)
    expect(parseMaxTasksPerWorker(5)).toBe(5)
    expect(parseMaxTasksPerWorker(null)).toBeUndefined()
  })

  it.each([0, -1, 2.5, Number.NaN, Number.POSITIVE_INFINITY, '5', ''])('rejects %j, naming the option and what is accepted', (value) => {
    expect(() => parseMaxTasksPerWorker(value)).toThrow(/`maxTasksPerWorker` must be a whole number of tasks.*1 or more/)
  })
})

describe('idleTimeout parsing, shared by every backend with workers', () => {
  it('accepts milliseconds and Infinity, which a timer cannot wait, as the longest wait', () => {
    expect(parseIdleTimeout(undefined)).toBe(300_000)
    expect(parseIdleTimeout(0)).toBe(0)
    expect(parseIdleTimeout(Number.POSITIVE_INFINITY)).toBe(2 ** 31 - 1)
    expect(() => parseIdleTimeout(-1)).toThrow(RangeError)
    expect(() => parseIdleTimeout('10s')).toThrow(/`idleTimeout` must be a non-negative number of milliseconds or Infinity; received '10s'/)
  })
})

describe('the worker limits as call options', () => {
  const backend = new ThreadBackend(2)
  afterAll(() => backend.terminate())

  it('rejects a bad value before any task runs, from the call or from its context', async () => {
    let ran = 0
    const task = () => ran++
    await expect(multitask(task, [1, 2], null, null, { jobs: 2, workerMemoryLimit: '12 apples' })).rejects.toThrow(TypeError)
    await expect(multitask(task, [1, 2], null, null, { maxTasksPerWorker: 0 })).rejects.toThrow(RangeError)
    await expect(parallelBackend('threading', { workerMemoryLimit: '-1M' }, () => multitask(task, [1, 2], null, null))).rejects.toThrow(
      /`workerMemoryLimit` must be a number of bytes or a size such as '512M', '512 MiB', '1.5 GiB' or '2G' \(powers of 1024\); received '-1M'/,
    )
    expect(ran).toBe(0)
  })

  it('refuses a backend with workers that does not declare it can replace them, before any task runs', async () => {
    let ran = 0
    const call = (options: object) => parallelBackend(backend, { nJobs: 2 }, () => multitask(() => ran++, [1, 2, 3], null, null, options))
    await expect(call({ maxTasksPerWorker: 5 })).rejects.toThrow(
      /`maxTasksPerWorker` is not supported by the "test-threads" backend \(it does not declare supportsMaxTasksPerWorker\)/,
    )
    await expect(parallelBackend(backend, { nJobs: 2, workerMemoryLimit: '1G' }, () => multitask(() => ran++, [1, 2], null, null))).rejects.toThrow(
      /`workerMemoryLimit` is not supported by the "test-threads" backend/,
    )
    expect(ran).toBe(0)
  })

  it('does nothing in series or on an in-process backend, where no worker is kept', async () => {
    const inline: ParallelBackend = { name: 'inline', runsOn: 'in-process', supportsSharedMemory: true, supportsTimeout: false, runBatch: runBatchInProcess }
    const double = (_: null, x: number) => 2 * x
    expect(await multitask(double, [1, 2, 3], null, null, { maxTasksPerWorker: 1, workerMemoryLimit: 1 })).toEqual([2, 4, 6])
    const onInline = await parallelBackend(inline, { nJobs: 2 }, () => multitask(double, [1, 2, 3], null, null, { maxTasksPerWorker: 1 }))
    expect(onInline).toEqual([2, 4, 6])
  })
})

// The worker side, driven directly as a backend's worker entry drives it.
const payload = (callId: string, workerLimits: CallPayload['workerLimits']): CallPayload => ({
  callId,
  task: { kind: 'source', source: '(args, i) => i * 10' },
  args: null,
  kwargs: null,
  form: 1,
  nesting: { level: 1, cpuBudget: 1 },
  captureLogs: false,
  workerLimits,
})

describe('the worker runtime with worker limits', () => {
  it('stops a batch at the task that uses up maxTasksPerWorker, counting tasks over calls, and says it retires', async () => {
    const runtime = createWorkerRuntime()
    expect(await runtime.handle({ callId: 'a', start: 0, items: [0, 1], payload: payload('a', { maxTasksPerWorker: 5 }) })).toEqual(
      expect.objectContaining({ kind: 'done', results: [0, 10] }),
    )
    const second = await runtime.handle({ callId: 'b', start: 4, items: [4, 5, 6, 7, 8], payload: payload('b', { maxTasksPerWorker: 5 }) })
    expect(second).toMatchObject({ kind: 'done', results: [40, 50, 60], retire: 'maxTasksPerWorker' })
  })

  it('stops after the task past workerMemoryLimit, with its result, and says it retires', async () => {
    let used = 0
    const runtime = createWorkerRuntime({ memoryUsed: () => used })
    // Tasks of 5 ms: the memory is read after each (a reading is spaced by 100 times its own cost, µs here).
    const source = '(args, i) => { const end = performance.now() + 5; while (performance.now() < end); return i }'
    const growing = { ...payload('c', { workerMemoryLimit: 100 }), task: { kind: 'source', source } as const }
    expect(await runtime.handle({ callId: 'c', start: 0, items: [0, 1], payload: growing })).not.toHaveProperty('retire')
    used = 101
    expect(await runtime.handle({ callId: 'c', start: 2, items: [2, 3, 4] })).toMatchObject({ kind: 'done', results: [2], retire: 'workerMemoryLimit' })
  })

  it('looks at the clock, and so at the memory, only every few dozen trivial tasks', async () => {
    let reads = 0
    // A free reading: what spaces the readings here is how often the clock is looked at.
    const runtime = createWorkerRuntime({ memoryUsed: () => (reads++, 0) })
    const trivial = { ...payload('e', { workerMemoryLimit: 100 }), task: { kind: 'source', source: '(args, i) => i' } as const }
    const items = Array.from({ length: 100_000 }, (_, i) => i)
    expect(await runtime.handle({ callId: 'e', start: 0, items, payload: trivial })).not.toHaveProperty('retire')
    expect(reads).toBeLessThan(5_000) // one look per task would be 100,000
  })

  it('adds nothing to the reply of a call without limits', async () => {
    const runtime = createWorkerRuntime({ memoryUsed: () => Number.MAX_SAFE_INTEGER })
    const reply = await runtime.handle({ callId: 'd', start: 0, items: [0, 1, 2], payload: payload('d', undefined) })
    expect(reply).toMatchObject({ kind: 'done', results: [0, 10, 20] })
    expect(reply).not.toHaveProperty('retire')
  })
})
