import { deepStrictEqual, match, strictEqual } from 'node:assert/strict'
import { multitask, type LoggerLike } from '../index.js'
import type { ConformanceCase } from './case.js'
import { range } from './driver.js'

/** A logger that keeps what it receives, level first. */
export function keepingLogger(): { logger: LoggerLike; records: unknown[][] } {
  const records: unknown[][] = []
  const keep = (level: string) => (...args: unknown[]) => void records.push([level, ...args])
  return { logger: { debug: keep('debug'), info: keep('info'), warn: keep('warn'), error: keep('error') }, records }
}

// Later tasks finish first: only a backend that returns each task's records lets multitask order them.
const logReverse = async (count: number, i: number): Promise<number> => {
  console.log('start', i)
  await new Promise((resolve) => setTimeout(resolve, (count - i) * 15))
  console.warn('end', i)
  return i
}
const double = (_: null, x: number): number => x * 2
const addOffset = (args: { offset: number }, x: number): number => x + args.offset

/** What tasks log reaches the caller's logger; multitask itself warns only when the call falls back to series. */
export const logCases: readonly ConformanceCase[] = [
  {
    name: 'logger-order',
    title: "a `logger` receives each task's console records, grouped by task, in task order",
    run: async (driver) => {
      const { logger, records } = keepingLogger()
      deepStrictEqual(await driver.within(() => multitask(logReverse, range(6), 6, null, { logger })), range(6))
      deepStrictEqual(records, range(6).flatMap((i) => [['info', 'start', i], ['warn', 'end', i]]))
    },
  },
  {
    name: 'no-fallback',
    title: 'a self-contained function with cloneable arguments runs on the backend: no warning, no fallback to series',
    run: async (driver) => {
      const { logger, records } = keepingLogger()
      deepStrictEqual(await driver.within(() => multitask(double, range(20), null, null, { logger })), range(20).map((x) => x * 2))
      deepStrictEqual(records, [])
    },
  },
  {
    name: 'uncopyable-args-fallback',
    title: '`args` that cannot be sent to workers (a function inside) run the call in series, with one warning',
    run: async (driver) => {
      const { logger, records } = keepingLogger()
      const args = { offset: 1, describe: () => 'a function: cannot be copied to a worker' }
      deepStrictEqual(await driver.within(() => multitask(addOffset, range(6), args, null, { logger })), range(6).map((x) => x + 1))
      strictEqual(records.length, 1, `expected one warning, got ${JSON.stringify(records)}`)
      strictEqual(records[0]![0], 'warn')
      match(String(records[0]![1]), /in series/)
    },
  },
]
