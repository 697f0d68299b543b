import { describe, expect, it } from 'vitest'
import { multitask } from '@multitask/core'

describe('the two forms of func', () => {
  it('calls func(args, item) when kwargs is null or undefined', async () => {
    const seen: unknown[][] = []
    const f = (...a: unknown[]) => {
      seen.push(a)
      return a.length
    }
    expect(await multitask(f, [7], 'A', null)).toEqual([2])
    expect(await multitask(f, [8], 'A', undefined)).toEqual([2])
    expect(await multitask(f, [9], 'A')).toEqual([2])
    expect(seen).toEqual([['A', 7], ['A', 8], ['A', 9]])
  })

  it('calls func(args, kwargs, item) for any other kwargs, an empty object included', async () => {
    const f = (args: string, kwargs: unknown, i: number) => [args, kwargs, i]
    expect(await multitask(f, [1], 'A', {})).toEqual([['A', {}, 1]])
    expect(await multitask(f, [2], 'A', 0)).toEqual([['A', 0, 2]])
    expect(await multitask(f, [3], 'A', false)).toEqual([['A', false, 3]])
  })

  it('awaits async tasks and keeps input order', async () => {
    const slowFirst = async (args: number[], i: number) => {
      await new Promise((r) => setTimeout(r, (3 - i) * 5))
      return args[i]! * 2
    }
    expect(await multitask(slowFirst, [0, 1, 2], [1, 2, 3], null)).toEqual([2, 4, 6])
  })

  it('runs the tasks in series one after another, not interleaved', async () => {
    const log: string[] = []
    const task = async (_: null, i: number) => {
      log.push(`start ${i}`)
      await new Promise((r) => setTimeout(r, 1))
      log.push(`end ${i}`)
    }
    await multitask(task, [0, 1], null, null)
    expect(log).toEqual(['start 0', 'end 0', 'start 1', 'end 1'])
  })
})

describe('iterable', () => {
  it('accepts any iterable and consumes it once', async () => {
    let pulls = 0
    function* gen() {
      for (let i = 0; i < 4; i++) {
        pulls++
        yield i
      }
    }
    const double = (_: null, i: number) => i * 2
    expect(await multitask(double, gen(), null, null)).toEqual([0, 2, 4, 6])
    expect(pulls).toBe(4)
    expect(await multitask(double, new Set([3, 1]), null, null)).toEqual([6, 2])
  })

  it('returns [] for empty input, for any jobs', async () => {
    for (const jobs of [undefined, null, 0, 1, 2, -1]) {
      expect(await multitask(() => 1, [], null, null, { jobs })).toEqual([])
    }
  })

  it('rejects a non-iterable with a TypeError naming iterable', async () => {
    await expect(multitask(() => 1, 5 as never, null, null)).rejects.toThrow(/`iterable` must be iterable.*5/)
    await expect(multitask(() => 1, null as never, null, null)).rejects.toThrow(TypeError)
  })

  it('surfaces an error thrown by the iterable before any task runs', async () => {
    let ran = 0
    function* broken() {
      yield 1
      throw new Error('input broke')
    }
    await expect(multitask(() => ran++, broken(), null, null)).rejects.toThrow('input broke')
    expect(ran).toBe(0)
  })
})

describe('task errors in series', () => {
  it('rethrows the error object itself and abandons the remaining tasks', async () => {
    class Custom extends Error {
      code = 'E_CUSTOM'
    }
    const thrown = new Custom('task 1 failed')
    const ran: number[] = []
    const task = (_: null, i: number) => {
      ran.push(i)
      if (i === 1) throw thrown
      return i
    }
    const error = await multitask(task, [0, 1, 2, 3], null, null).catch((e: unknown) => e)
    expect(error).toBe(thrown)
    expect(ran).toEqual([0, 1])
  })
})
