import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { multitask } from '@multitask/core'
import { shutdown } from '@multitask/threading'

afterAll(() => shutdown())

describe('property', () => {
  it('the result equals the serial map of the kept items, for random inputs and skip masks', async () => {
    const task = (args: { k: number }, item: number) => item * args.k - 1
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: -1000, max: 1000 }), fc.boolean()), { maxLength: 300 }),
        fc.integer({ min: 2, max: 3 }),
        fc.integer({ min: -5, max: 5 }),
        async (rows, jobs, k) => {
          const items = rows.map(([item]) => item)
          const skip = rows.map(([, skipped]) => skipped)
          const expected = items.filter((_, i) => !skip[i]).map((item) => task({ k }, item))
          const result = await multitask(task, items, { k }, null, { jobs, forceThreading: true, skip })
          expect(result).toEqual(expected)
        },
      ),
      { seed: 20240607, numRuns: 40 },
    )
  })
})
