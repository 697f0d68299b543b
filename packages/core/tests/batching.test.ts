import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { AutoBatcher } from '@multitask/core/backend'

/**
 * Dispatches `total` tasks of `msPerTask` each through a batcher, as the scheduler does;
 * with `roundTripMs`, every batch's reply comes that long after its tasks ran.
 */
function simulate(total: number, workers: number, msPerTask: number, roundTripMs?: number): number[] {
  const batcher = new AutoBatcher(workers, total)
  const sizes: number[] = []
  for (let next = 0; next < total; ) {
    const size = batcher.next(total - next)
    sizes.push(size)
    next += size
    if (roundTripMs === undefined) batcher.record(size, size * msPerTask)
    else batcher.record(size, size * msPerTask, size, size * msPerTask + roundTripMs)
  }
  return sizes
}

describe('AutoBatcher', () => {
  it('covers every task exactly once with batches in [1, remaining] (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50_000 }), fc.integer({ min: 1, max: 16 }), fc.double({ min: 0, max: 50, noNaN: true }), (total, workers, ms) => {
        const sizes = simulate(total, workers, ms)
        expect(sizes.reduce((a, b) => a + b, 0)).toBe(total)
        expect(sizes.every((s) => Number.isInteger(s) && s >= 1 && s <= AutoBatcher.MAX_BATCH_SIZE)).toBe(true)
      }),
      { seed: 42, numRuns: 200 },
    )
  })

  it('grows batches of tiny tasks so a round trip carries many', () => {
    const sizes = simulate(200_000, 2, 0.0001)
    expect(Math.max(...sizes)).toBe(AutoBatcher.MAX_BATCH_SIZE)
    expect(sizes.length).toBeLessThan(200)
  })

  it('keeps batches of slow tasks near the target duration', () => {
    const sizes = simulate(2000, 2, 1) // 1 ms tasks
    expect(Math.max(...sizes)).toBeLessThanOrEqual(2 * AutoBatcher.MIN_BATCH_MS)
  })

  it('shrinks at the tail so no worker is left holding a long batch', () => {
    const sizes = simulate(100_000, 2, 0.001)
    const peak = sizes.indexOf(Math.max(...sizes))
    const tail = sizes.slice(peak)
    expect(tail).toEqual([...tail].sort((a, b) => b - a)) // never grows again once the tail starts
    expect(sizes.at(-1)).toBe(1)
  })

  it('splits the tail no finer than a round trip is worth (measured as reply time less run time)', () => {
    // 256 tasks of 0.08 ms with a 2 ms round trip: a batch of one would be 96% trip.
    const sizes = simulate(256, 2, 0.08, 2)
    expect(Math.min(...sizes.slice(1, -1))).toBeGreaterThanOrEqual(Math.ceil(2 / 0.08)) // after the first, unmeasured batch
    expect(sizes.length).toBeLessThan(simulate(256, 2, 0.08).length / 2)
  })

  it('starts a small call with a couple of batches per worker, a large one small', () => {
    expect(simulate(10, 2, 0.001).slice(0, 2)).toEqual([3, 2])
    expect(new AutoBatcher(2, 1_000_000).next(1_000_000)).toBe(AutoBatcher.MAX_FIRST_BATCH)
    expect(new AutoBatcher(2).next(Number.POSITIVE_INFINITY)).toBe(1)
  })
})

describe('AutoBatcher with what earlier calls measured', () => {
  it('sends a call of less work than a round trip as one batch', () => {
    expect(new AutoBatcher(2, 10, 0.0002).next(10)).toBe(10)
  })

  it('splits a call of tiny known tasks into one batch per worker', () => {
    const batcher = new AutoBatcher(2, 1000, 0.0005) // 0.5 ms in all
    expect([batcher.next(1000), batcher.next(500)]).toEqual([500, 500])
  })

  it('starts a long call of known tasks at the size the target duration needs', () => {
    expect(new AutoBatcher(2, 1_000_000, 0.01).next(1_000_000)).toBe((2 * AutoBatcher.MIN_BATCH_MS) / 0.01)
  })

  it('ignores a prior of slow tasks, whose ramp from one costs little', () => {
    expect(new AutoBatcher(2, 8, 60).next(8)).toBe(2)
  })

  it('gives no budget before a measurement, and a shorter one near the end', () => {
    const batcher = new AutoBatcher(2, 100_000)
    expect(batcher.budgetMs(100_000)).toBeUndefined()
    batcher.record(16, 1.6) // 0.1 ms per task
    expect(batcher.budgetMs(100_000)).toBe(AutoBatcher.MAX_BUDGET_MS)
    expect(batcher.budgetMs(400)).toBe(10) // 400 × 0.1 ms over 2 workers, halved
    expect(batcher.budgetMs(10)).toBe(AutoBatcher.MIN_BUDGET_MS)
  })

  it('shrinks the size when a batch stopped at its budget', () => {
    const batcher = new AutoBatcher(2, 100_000, 0.001)
    const size = batcher.next(100_000)
    batcher.record(40, 80, size) // 2 ms per task: the batch stopped after 40
    expect(batcher.next(100_000)).toBe((2 * AutoBatcher.MIN_BATCH_MS) / 2)
  })
})
