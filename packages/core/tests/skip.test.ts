import { describe, expect, it } from 'vitest'
import { multitask } from '@multitask/core'

const value = (args: string[], i: number) => args[i]
const letters = ['a', 'b', 'c', 'd']

describe('skip', () => {
  it('drops truthy entries from the run and the result', async () => {
    const ran: number[] = []
    const task = (args: string[], i: number) => {
      ran.push(i)
      return args[i]
    }
    expect(await multitask(task, letters.keys(), letters, null, { skip: [1, 0, 'yes', null] })).toEqual(['b', 'd'])
    expect(ran).toEqual([1, 3])
  })

  it('accepts typed arrays, array-likes and iterables', async () => {
    expect(await multitask(value, letters.keys(), letters, null, { skip: new Uint8Array([0, 1, 0, 1]) })).toEqual(['a', 'c'])
    expect(await multitask(value, letters.keys(), letters, null, { skip: { length: 4, 0: true } })).toEqual(['b', 'c', 'd'])
    function* mask() {
      yield* [false, false, false, true]
    }
    expect(await multitask(value, letters.keys(), letters, null, { skip: mask() })).toEqual(['a', 'b', 'c'])
  })

  it('returns [] when everything is skipped, for any jobs', async () => {
    for (const jobs of [1, 2, -1]) {
      expect(await multitask(value, letters.keys(), letters, null, { jobs, skip: [1, 1, 1, 1] })).toEqual([])
    }
  })

  it('rejects a mask of another length with a RangeError naming both lengths', async () => {
    const error = await multitask(value, letters.keys(), letters, null, { skip: [false, true] }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RangeError)
    expect((error as Error).message).toBe(
      '`skip` has 2 entries but `iterable` has 4 items; give one entry per item.',
    )
    await expect(multitask(value, letters.keys(), letters, null, { skip: Array(5).fill(false) })).rejects.toThrow(/5 entries .* 4 items/)
  })

  it('rejects strings, numbers and plain objects', async () => {
    for (const bad of ['0101', 3, { a: 1 }, true]) {
      await expect(multitask(value, letters.keys(), letters, null, { skip: bad as never })).rejects.toThrow(/`skip` must be/)
    }
  })
})
