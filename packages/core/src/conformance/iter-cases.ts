import { deepStrictEqual, ok } from 'node:assert/strict'
import { multitask, multitaskIter } from '../index.js'
import type { ConformanceCase } from './case.js'
import { range, sleep } from './driver.js'

const reverseFinish = async (count: number, i: number): Promise<number> => {
  await new Promise((resolve) => setTimeout(resolve, (count - i) * 15))
  return i
}
const slowDouble = async (ms: number, x: number): Promise<number> => {
  await new Promise((resolve) => setTimeout(resolve, ms))
  return x * 2
}

/** `multitaskIter`: results as they become ready, and leaving the loop early. */
export const iterCases: readonly ConformanceCase[] = [
  {
    name: 'iter-ordered',
    title: 'multitaskIter yields every result in input order',
    run: async (driver) => {
      const seen = await driver.within(async () => {
        const out: number[] = []
        for await (const value of multitaskIter(reverseFinish, range(8), 8, null)) out.push(value)
        return out
      })
      deepStrictEqual(seen, range(8))
    },
  },
  {
    name: 'iter-unordered',
    title: 'multitaskIter with ordered: false yields each task once as { index, value }',
    run: async (driver) => {
      const seen = await driver.within(async () => {
        const out: Array<{ index: number; value: number }> = []
        for await (const outcome of multitaskIter(reverseFinish, range(8), 8, null, { ordered: false })) out.push(outcome)
        return out
      })
      deepStrictEqual(
        [...seen].sort((a, b) => a.index - b.index),
        range(8).map((i) => ({ index: i, value: i })),
      )
    },
  },
  {
    name: 'iter-early-break',
    title: 'breaking out of multitaskIter over an endless input stops the run, and a later call works',
    run: async (driver) => {
      let pulled = 0
      function* endless(): Generator<number> {
        for (let i = 0; ; i++) {
          pulled = i + 1
          yield i
        }
      }
      const firstFive = await driver.within(async () => {
        const out: number[] = []
        for await (const value of multitaskIter(slowDouble, endless(), 2, null)) {
          out.push(value)
          if (out.length === 5) break
        }
        return out
      })
      deepStrictEqual(firstFive, [0, 2, 4, 6, 8])
      const atBreak = pulled
      await sleep(300)
      ok(pulled === atBreak, `the input was still read after the loop ended (${atBreak} items, then ${pulled})`)
      ok(atBreak < 10_000, `the run read ${atBreak} items ahead of 5 consumed: it is not bounded`)
      deepStrictEqual(await driver.within(() => multitask(slowDouble, range(4), 1, null)), [0, 2, 4, 6])
    },
  },
]
