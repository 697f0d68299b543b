import { afterAll, describe, expect, it } from 'vitest'
import { multitask, parallelBackend, effectiveNJobs } from '@multitask/core'
import { poolStats, shutdown, threadingBackend } from '@multitask/threading'

afterAll(() => shutdown())

const numbers = [0, 1, 2, 3, 4]
const addTen = (args: number[], i: number) => args[i]! + 10
const range = (n: number) => Array.from({ length: n }, (_, i) => i)

describe('results', () => {
  it("runs the seed's third example on two threads", async () => {
    const result = await parallelBackend('threading', { nJobs: 2 }, () => multitask(addTen, range(5), numbers, null))
    expect(result).toEqual([10, 11, 12, 13, 14])
    const { threads, starting } = poolStats()
    expect(threads + starting).toBe(2) // the call may end before the second thread is up
  })

  it('runs tasks in worker threads, one level below the caller', async () => {
    const where = (_: null, i: number) => {
      const { threadId } = process.getBuiltinModule('node:worker_threads')
      const nesting = (globalThis as Record<symbol, { level: number } | undefined>)[Symbol.for('multitask.nesting')]
      return { i, threadId, level: nesting?.level }
    }
    const result = await parallelBackend('threading', { nJobs: 2 }, () => multitask(where, range(40), null, null))
    expect(result.map((r) => r.i)).toEqual(range(40))
    expect(result.every((r) => r.threadId > 0 && r.level === 1)).toBe(true)
  })

  it('keeps input order for many tasks whose durations vary, sync and async, in both forms', async () => {
    const items = range(3000)
    const uneven = (args: { offset: number }, kwargs: { factor: number }, i: number) => {
      let spin = (i * 7919) % 2000
      while (spin-- > 0);
      return (i + args.offset) * kwargs.factor
    }
    const result = await multitask(uneven, items, { offset: 1 }, { factor: 3 }, { jobs: 2, forceThreading: true })
    expect(result).toEqual(items.map((i) => (i + 1) * 3))
    const later = async (_: null, i: number) => {
      await new Promise((resolve) => setTimeout(resolve, i % 3))
      return -i
    }
    expect(await multitask(later, range(60), null, null, { jobs: 2, forceThreading: true })).toEqual(range(60).map((i) => -i))
  })

  it('leaves skipped items out', async () => {
    const skip = numbers.map((n) => n === 2)
    const result = await parallelBackend('threading', { nJobs: 2 }, () => multitask(addTen, range(5), numbers, null, { skip }))
    expect(result).toEqual([10, 11, 13, 14])
  })

  it('is selected by forceThreading and by parallelBackend, and by a backend instance', async () => {
    const threadOf = () => process.getBuiltinModule('node:worker_threads').threadId
    const forced = await multitask(threadOf, range(8), null, null, { jobs: 2, forceThreading: true })
    expect(forced.every((id) => id > 0)).toBe(true)
    const byInstance = await parallelBackend(threadingBackend(), { nJobs: 2 }, () => multitask(threadOf, range(8), null, null))
    expect(byInstance.every((id) => id > 0)).toBe(true)
    expect(parallelBackend('threading', { nJobs: 2 }, () => effectiveNJobs())).toBe(2)
    // In series nothing leaves the caller's thread.
    expect(await multitask(threadOf, range(3), null, null)).toEqual([0, 0, 0])
  })

  it('registers itself as "threading" with its capabilities', () => {
    const backend = threadingBackend()
    expect(backend).toMatchObject({ name: 'threading', runsOn: 'threads', defaultPriority: 10, supportsSharedMemory: true })
  })
})
