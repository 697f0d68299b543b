import { describe, expect, it } from 'vitest'
import { AbortError, failedTaskIndex, multitask, RemoteTaskError, TimeoutError } from '@multitask/core'

function failAt(bad: number, i: number): number {
  if (i === bad) throw new RangeError(`bad item ${i}`)
  return i
}

describe('failedTaskIndex', () => {
  it('names the task that threw in series, keeping the error itself', async () => {
    const error = await multitask(failAt, [0, 1, 2, 3], 2, null).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RangeError)
    expect((error as Error).message).toBe('bad item 2')
    expect(failedTaskIndex(error)).toBe(2)
  })

  it('counts only the tasks that run, as the other task indices do', async () => {
    const error = await multitask(failAt, [0, 1, 2, 3], 3, null, { skip: [false, true, false, false] }).catch((e: unknown) => e)
    expect(failedTaskIndex(error)).toBe(2)
  })

  it('names the task of an async task that rejects', async () => {
    const error = await multitask(async (_: null, i: number) => { if (i === 1) throw new Error('no') }, [0, 1], null, null).catch((e: unknown) => e)
    expect(failedTaskIndex(error)).toBe(1)
  })

  it('reads the index of the errors that carry one, and nothing else', () => {
    expect(failedTaskIndex(new RemoteTaskError('TypeError', 'x', undefined, 5))).toBe(5)
    expect(failedTaskIndex(new TimeoutError(3, 10))).toBe(3)
    expect(failedTaskIndex(new AbortError('stop'))).toBeUndefined()
    expect(failedTaskIndex(Object.assign(new Error('mine'), { taskIndex: 9 }))).toBeUndefined()
    expect(failedTaskIndex('a string')).toBeUndefined()
    expect(failedTaskIndex(null)).toBeUndefined()
  })
})
