import { deepStrictEqual, match, ok } from 'node:assert/strict'
import { failedTaskIndex, multitask, parseMaxNbytes, taskModule } from '../index.js'
import type { ConformanceCase } from './case.js'
import { range, rejectionOf } from './driver.js'

// Built beside this file by tsc; workers import it by URL, as they would a user's module.
const FIXTURE = new URL('./fixture-tasks.js', import.meta.url)

// Reads the whole array, so a truncated or zeroed copy shows.
const inspectArray = (data: Float64Array, i: number) => {
  let sum = 0
  for (let k = 0; k < data.length; k++) sum += data[k]!
  return { isFloat64Array: data instanceof Float64Array, length: data.length, at: data[i], sum }
}

/** What travels to workers besides a function's source: module references and large binary data. */
export const transportCases: readonly ConformanceCase[] = [
  {
    name: 'module-reference',
    title: "module references ({ module, name }, and the default export) run the module's function; its errors carry the module's stack",
    run: async (driver) => {
      const numbers = [5, 6, 7]
      deepStrictEqual(await driver.within(() => multitask({ module: FIXTURE, name: 'addTen' }, numbers.keys(), numbers, null)), [15, 16, 17])
      deepStrictEqual(await driver.within(() => multitask({ module: FIXTURE.href }, [2, 3], null, null)), [4, 9])
      const failAt = taskModule<(bad: number, i: number) => number>(FIXTURE, 'failAt')
      const { thrown } = await rejectionOf(driver.within(() => multitask(failAt, range(5), 3, null)))
      ok(thrown instanceof Error, `expected an Error, got ${String(thrown)}`)
      deepStrictEqual([thrown.name, thrown.message, failedTaskIndex(thrown)], ['RangeError', 'bad 3', 3])
      match(thrown.stack ?? '', /fixture-tasks/, "the stack does not name the module's file")
    },
  },
  {
    name: 'large-binary-args',
    title: 'a Float64Array in args above maxNbytes reaches every task intact',
    run: async (driver) => {
      const length = parseMaxNbytes('1M')! / 8 + 1001 // just above the default maxNbytes
      const data = new Float64Array(length).map((_, k) => k * 0.5)
      const sum = (0.5 * length * (length - 1)) / 2
      const results = await driver.within(() => multitask(inspectArray, range(6), data, null))
      deepStrictEqual(results, range(6).map((i) => ({ isFloat64Array: true, length, at: i * 0.5, sum })))
      ok(data[length - 1] === (length - 1) * 0.5, "the caller's array changed")
    },
  },
]
