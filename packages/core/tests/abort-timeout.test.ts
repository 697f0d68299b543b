import { describe, expect, it } from 'vitest'
import { AbortError, multitask, parallelBackend, TimeoutError } from '@multitask/core'
import { InProcessBackend } from './fixtures/in-process-backend.js'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('signal', () => {
  it('rejects at once with an AbortError when already aborted, before any task', async () => {
    let ran = 0
    const controller = new AbortController()
    controller.abort('no thanks')
    const error = await multitask(() => ran++, [1, 2], null, null, { signal: controller.signal }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AbortError)
    expect((error as AbortError).cause).toBe('no thanks')
    expect(ran).toBe(0)
  })

  it('stops a series run: the running async task is abandoned, no later task starts', async () => {
    const started: number[] = []
    const controller = new AbortController()
    const task = async (_: null, i: number) => {
      started.push(i)
      if (i === 1) controller.abort(new Error('user pressed stop'))
      await sleep(50)
      return i
    }
    const error = await multitask(task, [0, 1, 2, 3], null, null, { signal: controller.signal }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AbortError)
    expect(((error as AbortError).cause as Error).message).toBe('user pressed stop')
    expect(started).toEqual([0, 1])
  })

  it('stops a parallel run: the backend is told to stop the call, and the call ends', async () => {
    // Tasks of 1 ms behind a round trip of 2: batches stay small enough that most are never sent.
    const backend = new InProcessBackend({ delayMs: () => 2 })
    const oneMs = (_: null, i: number) => {
      const until = performance.now() + 1
      while (performance.now() < until);
      return i
    }
    const error = await parallelBackend(backend, { nJobs: 2 }, () =>
      multitask(oneMs, Array.from({ length: 500 }, (_, i) => i), null, null, {
        signal: AbortSignal.timeout(30),
      }),
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AbortError)
    expect((error as AbortError).cause).toBeInstanceOf(DOMException)
    expect(backend.aborted).toBe(1)
    expect(backend.events.at(-1)).toBe('end')
    expect(backend.batches.reduce((n, b) => n + b.size, 0)).toBeLessThan(500)
  })

  it('rejects a signal that is not an AbortSignal', async () => {
    await expect(multitask(() => 1, [1], null, null, { signal: {} as never })).rejects.toThrow(/`signal` must be an AbortSignal/)
  })
})

describe('timeout', () => {
  it('fails an async task in series that runs too long, naming it', async () => {
    const task = async (_: null, i: number) => {
      await sleep(i === 2 ? 500 : 1)
      return i
    }
    const error = await multitask(task, [0, 1, 2, 3], null, null, { timeout: 50 }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TimeoutError)
    expect(error).toMatchObject({ taskIndex: 2, timeoutMs: 50, message: 'Task 2 did not finish within 50 ms.' })
  })

  it('fails a parallel call whose task exceeds it, with one task per batch', async () => {
    const backend = new InProcessBackend({ delayMs: (b) => (b.start === 7 ? 1000 : 0) })
    const error = await parallelBackend(backend, { nJobs: 2 }, () =>
      multitask((_: null, i: number) => i, Array.from({ length: 20 }, (_, i) => i), null, null, { timeout: 100 }),
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TimeoutError)
    expect((error as TimeoutError).taskIndex).toBe(7)
    expect(backend.aborted).toBe(1)
    expect(backend.batches.every((b) => b.size === 1)).toBe(true)
  })

  it('lets calls that finish in time through', async () => {
    const backend = new InProcessBackend()
    const items = Array.from({ length: 50 }, (_, i) => i)
    expect(await parallelBackend(backend, { nJobs: 2 }, () => multitask((_: null, i: number) => i, items, null, null, { timeout: 5000 }))).toEqual(items)
  })

  it.each([0, -5, Number.NaN, '100', 2 ** 31])('rejects timeout %j', async (bad) => {
    await expect(multitask(() => 1, [1], null, null, { timeout: bad as never })).rejects.toThrow(/`timeout`/)
  })
})
