import { deepStrictEqual } from 'node:assert/strict'
import { multitask } from '../index.js'
import type { ConformanceCase } from './case.js'
import { range } from './driver.js'

// Tasks travel to workers as source: each is self-contained, as a user's must be.
const addTen = (args: readonly number[], i: number): number => args[i]! + 10
const addKwargs = (args: readonly number[], kwargs: { add: number }, i: number): number => args[i]! + kwargs.add
const double = (_: null, x: number): number => x * 2
// Later tasks finish first, so results arrive out of order.
const reverseFinish = async (count: number, i: number): Promise<number> => {
  await new Promise((resolve) => setTimeout(resolve, (count - i) * 15))
  return i
}

const numbers = [0, 1, 2, 3, 4]

/** The seed's examples and the shapes of input every backend must take. */
export const resultCases: readonly ConformanceCase[] = [
  {
    name: 'seed-form-1',
    title: 'form 1: result[i] = func(args, iterable[i]) (the seed example addTen)',
    run: async (driver) => {
      deepStrictEqual(await driver.within(() => multitask(addTen, numbers.keys(), numbers, null)), [10, 11, 12, 13, 14])
    },
  },
  {
    name: 'seed-form-2',
    title: 'form 2: result[i] = func(args, kwargs, iterable[i]) for any kwargs other than null/undefined',
    run: async (driver) => {
      deepStrictEqual(await driver.within(() => multitask(addKwargs, numbers.keys(), numbers, { add: 100 })), [100, 101, 102, 103, 104])
    },
  },
  {
    name: 'seed-skip',
    title: 'skip: skipped tasks are not run and left out of the result',
    run: async (driver) => {
      const skip = [false, false, true, false, false]
      deepStrictEqual(await driver.within(() => multitask(addTen, numbers.keys(), numbers, null, { skip })), [10, 11, 13, 14])
    },
  },
  {
    name: 'input-order',
    title: 'results come in input order although later tasks finish first',
    run: async (driver) => {
      deepStrictEqual(await driver.within(() => multitask(reverseFinish, range(8), 8, null)), range(8))
    },
  },
  {
    name: 'empty-input',
    title: 'an empty input resolves with []',
    run: async (driver) => {
      deepStrictEqual(await driver.within(() => multitask(double, [], null, null)), [])
    },
  },
  {
    name: 'more-tasks-than-workers',
    title: 'many more tasks than workers: every result, in order',
    run: async (driver) => {
      const items = range(1000)
      deepStrictEqual(await driver.within(() => multitask(double, items, null, null)), items.map((x) => x * 2))
    },
  },
  {
    name: 'unknown-length-input',
    title: 'a generator and a Set (inputs of unknown length) give every result in order',
    run: async (driver) => {
      function* generate(): Generator<number> {
        for (let i = 0; i < 50; i++) yield i
      }
      deepStrictEqual(await driver.within(() => multitask(double, generate(), null, null)), range(50).map((x) => x * 2))
      deepStrictEqual(await driver.within(() => multitask(double, new Set([3, 1, 2]), null, null)), [6, 2, 4])
    },
  },
  {
    name: 'async-tasks',
    title: 'async tasks are awaited; their values, not promises, are the results',
    run: async (driver) => {
      const later = async (offset: number, x: number): Promise<number> => {
        await new Promise((resolve) => setTimeout(resolve, 5))
        return x + offset
      }
      deepStrictEqual(await driver.within(() => multitask(later, range(20), 1, null)), range(20).map((x) => x + 1))
    },
  },
]
