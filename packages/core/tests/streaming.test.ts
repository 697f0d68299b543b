import { describe, expect, it } from 'vitest'
import { multitask, multitaskIter, parallelBackend, type Progress } from '@multitask/core'
import { InProcessBackend } from './fixtures/in-process-backend.js'

const double = (_: null, x: number) => x * 2
// Batching starts from what earlier calls of the same function measured; tests of how a
// call dispatches use functions of their own, so they start from nothing, as a first call does.
const twice = (_: null, x: number) => 2 * x

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const value of iterable) out.push(value)
  return out
}

describe('multitaskIter', () => {
  it('yields results in input order, in series and on a backend', async () => {
    const items = Array.from({ length: 300 }, (_, i) => i)
    expect(await collect(multitaskIter(double, items, null, null))).toEqual(items.map((x) => x * 2))
    const backend = new InProcessBackend({ delayMs: (b) => (b.start % 2 === 0 ? 6 : 0) })
    const results = await parallelBackend(backend, { nJobs: 2 }, () => collect(multitaskIter(double, items, null, null)))
    expect(results).toEqual(items.map((x) => x * 2))
  })

  it('yields { index, value } in completion order with ordered: false', async () => {
    // Batch 0 is held back, so later batches finish first.
    const backend = new InProcessBackend({ delayMs: (b) => (b.start === 0 ? 40 : 0) })
    const results = await parallelBackend(backend, { nJobs: 2 }, () =>
      collect(multitaskIter(twice, [0, 1, 2, 3, 4, 5], null, null, { ordered: false })),
    )
    expect(results.map((r) => r.index).sort()).toEqual([0, 1, 2, 3, 4, 5])
    expect(results.every((r) => r.value === r.index * 2)).toBe(true)
    const position = (index: number) => results.findIndex((r) => r.index === index)
    expect(position(0)).toBeGreaterThan(position(5)) // the held-back first batch comes out last
    expect(results.at(-1)!.index).toBeLessThan(2)
  })

  it('reads the input lazily and stays a bounded window ahead of the consumer', async () => {
    let pulled = 0
    function* endless() {
      for (let i = 0; ; i++) {
        pulled++
        yield i
      }
    }
    const backend = new InProcessBackend()
    const seen = await parallelBackend(backend, { nJobs: 2 }, async () => {
      const got: number[] = []
      for await (const value of multitaskIter(double, endless(), null, null)) {
        got.push(value)
        if (got.length === 5000) break
      }
      return got
    })
    expect(seen).toEqual(Array.from({ length: 5000 }, (_, i) => i * 2))
    // Bounded by a few batches (of at most 10,000 tasks) per worker ahead of the
    // consumer, whatever the input's length.
    expect(pulled).toBeLessThan(200_000)
    expect(backend.events).toContain('end')
  })

  it('runs a long generator on a backend in bounded memory', async () => {
    // Half a million items of 2 KiB each: holding them would take a gigabyte.
    function* big() {
      for (let i = 0; i < 500_000; i++) yield `${i}`.padEnd(2048, '.')
    }
    const backend = new InProcessBackend()
    const baseline = process.memoryUsage().heapUsed
    let peak = 0
    let count = 0
    let wrong = 0
    await parallelBackend(backend, { nJobs: 2 }, async () => {
      for await (const length of multitaskIter((_: null, s: string) => s.length, big(), null, null)) {
        if (++count % 10_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed - baseline)
        if (length !== 2048) wrong++
      }
    })
    expect([count, wrong]).toEqual([500_000, 0])
    expect(peak).toBeLessThan(400 * 1024 * 1024)
  })

  it('runs a long generator in series without holding its results', async () => {
    function* many() {
      for (let i = 0; i < 300_000; i++) yield i
    }
    let count = 0
    let last = 0
    for await (const value of multitaskIter(double, many(), null, null)) {
      count++
      last = value
    }
    expect([count, last]).toEqual([300_000, 599_998])
  })

  it('stops the run and frees the workers when the loop is left early', async () => {
    // Tasks of 1 ms behind a round trip of 2: batches stay small enough that most are never sent.
    const backend = new InProcessBackend({ delayMs: () => 2 })
    const slowDouble = (_: null, x: number) => {
      const until = performance.now() + 1
      while (performance.now() < until);
      return 2 * x
    }
    const items = Array.from({ length: 1000 }, (_, i) => i)
    await parallelBackend(backend, { nJobs: 2 }, async () => {
      for await (const value of multitaskIter(slowDouble, items, null, null)) {
        if (value === 2) break
      }
    })
    expect(backend.aborted).toBe(1)
    expect(backend.events.at(-1)).toBe('end')
    const dispatched = backend.batches.reduce((n, b) => n + b.size, 0)
    expect(dispatched).toBeLessThan(1000)
  })

  it('checks a skip mask against a lazy input as soon as they disagree', async () => {
    function* five() {
      yield* [1, 2, 3, 4, 5]
    }
    await expect(collect(multitaskIter(double, five(), null, null, { skip: [false, true] }))).rejects.toThrow(
      /`skip` has 2 entries but `iterable` has more than 2 items/,
    )
    await expect(collect(multitaskIter(double, five(), null, null, { skip: Array(7).fill(false) }))).rejects.toThrow(
      /`skip` has 7 entries but `iterable` has 5 items/,
    )
    expect(await collect(multitaskIter(double, five(), null, null, { skip: [true, false, true, false, true] }))).toEqual([4, 8])
  })

  it('surfaces an error thrown by a lazy input and frees the workers', async () => {
    function* broken() {
      for (let i = 0; i < 2000; i++) yield i
      throw new Error('input broke')
    }
    const backend = new InProcessBackend({ delayMs: () => 1 })
    await expect(
      parallelBackend(backend, { nJobs: 2 }, () => collect(multitaskIter(double, broken(), null, null))),
    ).rejects.toThrow('input broke')
    expect(backend.events.at(-1)).toBe('end')
  })

  it('rejects a non-boolean ordered', async () => {
    await expect(collect(multitaskIter(double, [1], null, null, { ordered: 'no' as never }))).rejects.toThrow(/`ordered`/)
  })
})

describe('onProgress', () => {
  it('reports done counts up to the total, the last report complete', async () => {
    const reports: Progress[] = []
    const items = Array.from({ length: 2000 }, (_, i) => i)
    await parallelBackend(new InProcessBackend(), { nJobs: 2 }, () =>
      multitask(double, items, null, null, { onProgress: (p) => reports.push(p) }),
    )
    expect(reports.at(-1)).toMatchObject({ done: 2000, total: 2000 })
    const counts = reports.map((r) => r.done)
    expect(counts).toEqual([...counts].sort((a, b) => a - b))
    expect(reports.every((r) => r.elapsedMs >= 0)).toBe(true)
  })

  it('reports skip-aware totals in series, and no total for lazy input', async () => {
    const reports: Progress[] = []
    await multitask(double, [1, 2, 3], null, null, { skip: [1, 0, 0], onProgress: (p) => reports.push(p) })
    expect(reports.at(-1)).toMatchObject({ done: 2, total: 2 })
    const lazy: Progress[] = []
    await collect(multitaskIter(double, new Set([1, 2]).values(), null, null, { onProgress: (p) => lazy.push(p) }))
    expect(lazy.at(-1)!.done).toBe(2)
    expect('total' in lazy.at(-1)!).toBe(false)
  })

  it('throttles reports', async () => {
    let reports = 0
    await multitask(double, Array.from({ length: 100_000 }, (_, i) => i), null, null, { onProgress: () => reports++ })
    expect(reports).toBeLessThan(100)
  })
})
