import { AsyncLocalStorage } from 'node:async_hooks'
import { afterAll, describe, expect, it } from 'vitest'
import { effectiveNJobs, multitask, parallelBackend } from '@multitask/core'
import { shutdown } from '@multitask/threading'

afterAll(() => shutdown())

const range = (n: number) => Array.from({ length: n }, (_, i) => i)

describe('AsyncLocalStorage contexts', () => {
  it('are intact after each await in concurrent flows sharing one pool', async () => {
    const own = new AsyncLocalStorage<string>()
    const slow = (_: null, i: number) => {
      let spin = 20_000
      while (spin-- > 0);
      return i
    }
    const flow = (name: string, nJobs: number) =>
      own.run(name, () =>
        parallelBackend('threading', { nJobs }, async () => {
          const seen: Array<[string | undefined, number]> = []
          for (let round = 0; round < 3; round++) {
            const result = await multitask(slow, range(200 + round * 37), null, null)
            expect(result).toEqual(range(200 + round * 37))
            seen.push([own.getStore(), effectiveNJobs()])
            await new Promise((resolve) => setTimeout(resolve, 1))
          }
          return seen
        }),
      )
    const [a, b, c] = await Promise.all([flow('a', 2), flow('b', 3), flow('c', 2)])
    expect(a).toEqual([['a', 2], ['a', 2], ['a', 2]])
    expect(b).toEqual([['b', 3], ['b', 3], ['b', 3]])
    expect(c).toEqual([['c', 2], ['c', 2], ['c', 2]])
    expect(own.getStore()).toBeUndefined()
    expect(effectiveNJobs()).toBe(1)
  })
})
