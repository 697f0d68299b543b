import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { multitask } from '@multitask/core'
import { shutdown } from '@multitask/loky'

afterAll(() => shutdown())

const task = (args: { k: number }, item: { x: number; s: string }) => ({ y: item.x * 2 + args.k, s: item.s.toUpperCase() })

describe('property: loky equals the serial map', () => {
  it('returns task(args, item) for every non-skipped item, in order', async () => {
    const rows = fc.array(fc.record({ item: fc.record({ x: fc.integer(), s: fc.string({ maxLength: 4 }) }), skip: fc.boolean() }), {
      maxLength: 60,
    })
    await fc.assert(
      fc.asyncProperty(rows, fc.integer({ min: -5, max: 5 }), fc.integer({ min: 2, max: 3 }), async (rows, k, jobs) => {
        const items = rows.map((r) => r.item)
        const skip = rows.map((r) => r.skip)
        const expected = items.filter((_, i) => !skip[i]).map((item) => task({ k }, item))
        expect(await multitask(task, items, { k }, null, { jobs, skip })).toEqual(expected)
      }),
      { numRuns: 25, seed: 20240501 },
    )
  })
})
