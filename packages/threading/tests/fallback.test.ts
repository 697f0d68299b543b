import { afterAll, describe, expect, it } from 'vitest'
import { multitask } from '@multitask/core'
import { shutdown } from '@multitask/threading'
import { capturingLogger } from './helpers.js'

afterAll(() => shutdown())

const range = (n: number) => Array.from({ length: n }, (_, i) => i)
const threaded = { jobs: 2, forceThreading: true } as const

describe('fallback to series', () => {
  it('runs a closure in series with exactly one warning naming the free variable', async () => {
    const { logger, records } = capturingLogger()
    const offsetFromOuterScope = 100
    const closure = (_: null, i: number) => i + offsetFromOuterScope
    const result = await multitask(closure, range(200), null, null, { ...threaded, logger })
    expect(result).toEqual(range(200).map((i) => i + 100))
    expect(records).toHaveLength(1)
    expect(records[0]!.level).toBe('WARN')
    expect(records[0]!.text).toMatch(/instead of on the "threading" backend/)
    expect(records[0]!.text).toMatch(/`offsetFromOuterScope`/)
  })

  it('runs in series with one warning when args cannot be copied to a thread', async () => {
    const { logger, records } = capturingLogger()
    const callsHelper = (args: { helper: (i: number) => number }, i: number) => args.helper(i)
    const result = await multitask(callsHelper, range(20), { helper: (i: number) => i * 5 }, null, { ...threaded, logger })
    expect(result).toEqual(range(20).map((i) => i * 5))
    expect(records).toHaveLength(1)
    expect(records[0]!.text).toMatch(/cannot be copied to a worker thread/)
  })

  it('runs a bound function in series with one warning', async () => {
    const { logger, records } = capturingLogger()
    const bound = function (this: { k: number }, _: null, i: number) {
      return i * this.k
    }.bind({ k: 2 })
    expect(await multitask(bound, range(5), null, null, { ...threaded, logger })).toEqual([0, 2, 4, 6, 8])
    expect(records).toHaveLength(1)
    expect(records[0]!.text).toMatch(/native or bound/)
  })
})
