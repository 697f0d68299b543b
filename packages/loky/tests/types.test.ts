import { afterAll, describe, expect, it } from 'vitest'
import { multitask } from '@multitask/core'
import { shutdown } from '@multitask/loky'

afterAll(() => shutdown())

describe('structured values across the process boundary', () => {
  it('keeps Map, Set, Date, BigInt, typed arrays, Buffers and undefined in args, items and results', async () => {
    const warnings: unknown[][] = []
    const logger = { debug: () => undefined, info: () => undefined, warn: (...a: unknown[]) => void warnings.push(a), error: () => undefined }
    const args = {
      map: new Map<string, bigint>([['a', 2n ** 70n]]),
      set: new Set([1, 2]),
      date: new Date(Date.UTC(2020, 0, 2)),
      floats: new Float64Array([0.5, 1.5]),
      buffer: Buffer.from('hi'),
      nothing: undefined,
    }
    const items = [new Map([[1, 10n]]), new Uint16Array([7, 8]), undefined, new Date(0)]
    const results = await multitask(
      (a: typeof args, item: unknown) => ({
        item,
        pid: process.pid,
        argTypes: [
          a.map.get('a')! * 2n,
          a.set.has(2),
          a.date.getUTCDate(),
          a.floats instanceof Float64Array && a.floats[1],
          Buffer.isBuffer(a.buffer) && a.buffer.toString(),
          'nothing' in a && a.nothing === undefined,
        ],
        made: { big: 1n, when: new Date(1000), bytes: new Int8Array([-1]), none: undefined },
      }),
      items,
      args,
      null,
      { jobs: 2, logger },
    )
    // Without these two, a fallback to series (where nothing crosses a boundary) would pass too.
    expect(warnings).toEqual([])
    expect(results.map((result) => result.pid)).not.toContain(process.pid)
    for (const [k, result] of results.entries()) {
      expect(result.item).toEqual(items[k])
      expect(result.argTypes).toEqual([2n ** 71n, true, 2, 1.5, 'hi', true])
      expect(result.made.big).toBe(1n)
      expect(result.made.when).toBeInstanceOf(Date)
      expect(result.made.bytes).toBeInstanceOf(Int8Array)
      expect('none' in result.made).toBe(true)
    }
    expect(results[0]!.item).toBeInstanceOf(Map)
    expect(results[1]!.item).toBeInstanceOf(Uint16Array)
  })
})
