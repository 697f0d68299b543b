// The three examples of the original's documentation page; the third, with the
// threading backend, lives in @multitask/threading's tests.
import { describe, expect, it } from 'vitest'
import { multitask } from '@multitask/core'

const numbers = [0, 1, 2, 3, 4]
function addTen(args: number[], i: number): number {
  return args[i]! + 10
}

describe('the seed examples', () => {
  it('adds ten to 0..4', async () => {
    expect(await multitask(addTen, numbers.keys(), numbers, null)).toEqual([10, 11, 12, 13, 14])
  })

  it('skips task 2', async () => {
    const skip = numbers.map(() => false)
    skip[2] = true
    expect(await multitask(addTen, numbers.keys(), numbers, null, { skip })).toEqual([10, 11, 13, 14])
  })
})
