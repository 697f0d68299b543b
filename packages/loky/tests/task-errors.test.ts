import { afterAll, describe, expect, it } from 'vitest'
import { multitask, RemoteTaskError } from '@multitask/core'
import { shutdown } from '@multitask/loky'

afterAll(() => shutdown())

const tasks = new URL('./fixtures/tasks.mjs', import.meta.url)

describe('errors thrown by tasks', () => {
  it('rejects with the class name, message, fields and the worker stack of a custom error', async () => {
    const ref = { module: tasks, name: 'parseOrThrow' }
    const error = await multitask(ref, [0, 1, 2, 3, 4, 5], { badIndex: 4 }, null, { jobs: 2 }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RemoteTaskError)
    expect(error).toMatchObject({ name: 'ParseError', message: 'cannot parse item 4', taskIndex: 4, line: 5 })
    expect((error as Error).stack).toContain('parseOrThrow')
    expect((error as Error).stack).toContain('fixtures/tasks.mjs')
  })

  it('keeps the class of a built-in error thrown by a shipped function', async () => {
    const error = await multitask(
      (_: null, i: number) => {
        if (i === 2) throw new RangeError(`bad ${i}`)
        return i
      },
      [0, 1, 2, 3],
      null,
      null,
      { jobs: 2 },
    ).catch((e: unknown) => e)
    expect(error).toMatchObject({ name: 'RangeError', message: 'bad 2', taskIndex: 2 })
  })

  it('rejects with a clear error when a result cannot be sent back', async () => {
    const error = await multitask((_: null, i: number) => (i === 1 ? { f: () => i } : i), [0, 1, 2], null, null, { jobs: 2 }).catch(
      (e: unknown) => e,
    )
    expect(error).toMatchObject({ name: 'DataCloneError', taskIndex: 1 })
    expect((error as Error).message).toMatch(/result of task 1 cannot be sent back/)
  })
})
