import { describe, expect, it } from 'vitest'
import { effectiveNJobs, parallelBackend } from '@multitask/core'

describe('parallelBackend', () => {
  it("returns fn's result, sync or async", async () => {
    expect(parallelBackend('serial', undefined, () => 42)).toBe(42)
    await expect(parallelBackend('serial', undefined, async () => 43)).resolves.toBe(43)
  })

  it('keeps the context across awaits and timers inside fn', async () => {
    await parallelBackend('x', { nJobs: 3 }, async () => {
      await new Promise((r) => setTimeout(r, 5))
      expect(effectiveNJobs()).toBe(3)
      await new Promise<void>((resolve) => setImmediate(() => {
        expect(effectiveNJobs()).toBe(3)
        resolve()
      }))
    })
  })

  it('merges nested contexts, inner keys winning, and restores the outer one', () => {
    parallelBackend('x', { nJobs: 3 }, () => {
      parallelBackend('y', undefined, () => expect(effectiveNJobs()).toBe(3))
      parallelBackend('y', { nJobs: 5 }, () => expect(effectiveNJobs()).toBe(5))
      expect(effectiveNJobs()).toBe(3)
    })
    expect(effectiveNJobs()).toBe(1)
  })

  it('restores the previous context when fn throws', () => {
    expect(() =>
      parallelBackend('x', { nJobs: 4 }, () => {
        throw new Error('boom')
      }),
    ).toThrow('boom')
    expect(effectiveNJobs()).toBe(1)
  })

  it('keeps concurrent async flows apart', async () => {
    const seen = await Promise.all(
      [2, 3, 4, 5].map((n) =>
        parallelBackend('x', { nJobs: n }, async () => {
          await new Promise((r) => setTimeout(r, 10 - n))
          return effectiveNJobs()
        }),
      ),
    )
    expect(seen).toEqual([2, 3, 4, 5])
    expect(effectiveNJobs()).toBe(1)
  })

  it('rejects a bad backend, options, nJobs or fn', () => {
    expect(() => parallelBackend('', undefined, () => 1)).toThrow(TypeError)
    expect(() => parallelBackend(42 as never, undefined, () => 1)).toThrow(/`backend` must be the name of a registered or installed backend/)
    expect(() => parallelBackend('x', { nJobs: Number.NaN }, () => 1)).toThrow(/`nJobs` must be a finite number/)
    expect(() => parallelBackend('x', 'fast' as never, () => 1)).toThrow(/`options` must be an object/)
    expect(() => parallelBackend('x', undefined, 'fn' as never)).toThrow(/`fn` must be a function/)
  })
})
