import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { multitask, parallelBackend, RemoteTaskError } from '@multitask/core'
import { poolStats, shutdown } from '@multitask/threading'

afterAll(() => shutdown())

const tasks = new URL('./fixtures/tasks.mjs', import.meta.url)
const range = (n: number) => Array.from({ length: n }, (_, i) => i)

describe('task errors', () => {
  it("come back with the error's class name, message, fields, task index and the thread's stack", async () => {
    const error = await parallelBackend('threading', { nJobs: 2 }, () =>
      multitask({ module: tasks, name: 'validate' }, range(50), 37, null),
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RemoteTaskError)
    expect(error).toMatchObject({ name: 'ValidationError', message: 'item 37 is not valid', taskIndex: 37, code: 'E_VALIDATION' })
    expect((error as Error).stack).toContain(fileURLToPath(tasks))
    expect((error as Error).stack).toMatch(/validate/)
  })

  it('keep thrown non-errors as they were, and leave the pool ready for the next call', async () => {
    const throwsString = (_: null, i: number) => {
      if (i === 3) throw 'plain string'
      return i
    }
    await expect(multitask(throwsString, range(6), null, null, { jobs: 2, forceThreading: true })).rejects.toBe('plain string')
    expect(poolStats().busy).toBe(0)
    expect(await multitask((_: null, i: number) => i * 2, range(4), null, null, { jobs: 2, forceThreading: true })).toEqual([0, 2, 4, 6])
  })

  it('report a result that cannot be sent back as a task error naming the tasks', async () => {
    const returnsFunction = () => () => 1
    const error = await multitask(returnsFunction, range(2), null, null, { jobs: 2, forceThreading: true }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RemoteTaskError)
    expect((error as Error).message).toMatch(/cannot be sent back from the worker thread/)
  })
})
