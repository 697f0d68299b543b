import { afterAll, describe, expect, it } from 'vitest'
import { multitask, parallelBackend, WorkerTerminatedError } from '@multitask/core'
import { poolStats, shutdown } from '@multitask/threading'

afterAll(() => shutdown())

const tasks = new URL('./fixtures/tasks.mjs', import.meta.url)
const range = (n: number) => Array.from({ length: n }, (_, i) => i)
const double = (_: null, i: number) => i * 2

describe('a thread that dies', () => {
  it('process.exit in a task ends that thread only: WorkerTerminatedError with exit code and task index', async () => {
    const exits = (_: null, i: number) => {
      if (i === 5) process.exit(3)
      return i
    }
    const error = await multitask(exits, range(10), null, null, { jobs: 2, forceThreading: true, timeout: 20_000 }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(WorkerTerminatedError)
    expect(error).toMatchObject({ code: 'ERR_MULTITASK_WORKER_TERMINATED', exitCode: 3, taskIndex: 5 })
    expect((error as Error).message).toBe('A worker thread exited with code 3 while running task 5.')
    // The caller lives on, and the pool was mended.
    expect(await multitask(double, range(6), null, null, { jobs: 2, forceThreading: true })).toEqual([0, 2, 4, 6, 8, 10])
  })

  it('an error thrown outside the task flow ends the thread instead of leaving the call pending', async () => {
    const throwsLater = (_: null, i: number) =>
      new Promise((resolve) => {
        setTimeout(() => {
          if (i === 1) throw new RangeError('thrown in a timer')
          resolve(i)
        }, 5)
      })
    const error = await multitask(throwsLater, range(4), null, null, { jobs: 2, forceThreading: true }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(WorkerTerminatedError)
    expect((error as Error).message).toMatch(/uncaught RangeError: thrown in a timer/)
    expect((error as Error).cause).toMatchObject({ message: 'thrown in a timer' })
    expect(await multitask(double, range(4), null, null, { jobs: 2, forceThreading: true })).toEqual([0, 2, 4, 6])
  })

  it('a thread over its resourceLimits runs out of memory: WorkerTerminatedError, and the next call is fine', async () => {
    const limits = { resourceLimits: { maxOldGenerationSizeMb: 32, maxYoungGenerationSizeMb: 8 } }
    const error = await parallelBackend('threading', { nJobs: 2, ...limits }, () =>
      multitask({ module: tasks, name: 'exhaustMemory' }, range(2), null, null),
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(WorkerTerminatedError)
    expect((error as Error).message).toMatch(/ran out of memory/)
    expect((error as Error & { taskIndex: number }).taskIndex).toBeOneOf([0, 1])
    expect(await parallelBackend('threading', { nJobs: 2, ...limits }, () => multitask(double, range(5), null, null))).toEqual([
      0, 2, 4, 6, 8,
    ])
    expect(poolStats().busy).toBe(0)
  })
})
