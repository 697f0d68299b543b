import { deepStrictEqual, match, ok, strictEqual } from 'node:assert/strict'
import { failedTaskIndex, multitask } from '../index.js'
import type { ConformanceCase } from './case.js'
import { range, rejectionOf } from './driver.js'

const failAt = (badIndex: number, i: number): number => {
  if (i === badIndex) throw new RangeError(`bad ${i}`)
  return i
}
// What to throw comes through args, so the shipped function stays self-contained.
const throwValueAt = (what: { at: number; value: unknown }, i: number): number => {
  if (i === what.at) throw what.value
  return i
}

/** A task's failure comes back to the caller recognisably. */
export const errorCases: readonly ConformanceCase[] = [
  {
    name: 'task-error',
    title: "a task that throws RangeError('bad 2') rejects the call with its name, message, task index and stack",
    run: async (driver) => {
      const { thrown } = await rejectionOf(driver.within(() => multitask(failAt, range(6), 2, null)))
      ok(thrown instanceof Error, `expected an Error, got ${String(thrown)}`)
      strictEqual(thrown.name, 'RangeError')
      strictEqual(thrown.message, 'bad 2')
      strictEqual(failedTaskIndex(thrown), 2)
      ok(typeof thrown.stack === 'string', 'the error has no stack')
      match(thrown.stack, /RangeError: bad 2/)
      match(thrown.stack, /\n\s+at /, 'the stack has no frames')
    },
  },
  {
    name: 'non-error-thrown',
    title: 'a thrown string, plain object or undefined comes back as it was thrown',
    run: async (driver) => {
      for (const value of ['plain string', { code: 7, reason: 'plain object' }, undefined]) {
        const { thrown } = await rejectionOf(driver.within(() => multitask(throwValueAt, range(4), { at: 1, value }, null)))
        deepStrictEqual(thrown, value)
      }
    },
  },
]
