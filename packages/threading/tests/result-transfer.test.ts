import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { multitask, parallelBackend } from '@multitask/core'
import { shutdown } from '@multitask/threading'

// Fresh threads per test, so what a test keeps in a thread's globals is its own.
beforeEach(() => shutdown())
afterAll(() => shutdown())

const range = (n: number) => Array.from({ length: n }, (_, i) => i)
const inThreads = <T>(fn: () => Promise<T>) => parallelBackend('threading', { nJobs: 2 }, fn)
/** What each thread kept in `globalThis.kept`, as the byte lengths it sees now. */
const keptLengths = (_: null, __: number) => ((globalThis as { kept?: ArrayBufferView[] }).kept ?? []).map((view) => view.byteLength)

describe('large result buffers', () => {
  it('arrive whole and typed', async () => {
    const make = (n: number, i: number) => Float64Array.from({ length: n }, (_, k) => i * n + k)
    const results = await inThreads(() => multitask(make, range(8), 32_768, null)) // 256 KiB each
    results.forEach((result, i) => {
      expect(result).toBeInstanceOf(Float64Array)
      expect(result.buffer).toBeInstanceOf(ArrayBuffer)
      expect([result.length, result[0], result[32_767]]).toEqual([32_768, i * 32_768, i * 32_768 + 32_767])
    })
  })

  it('move to the caller: the thread’s own reference is left empty', async () => {
    // The documented rule, seen from inside: a returned array is handed over, not copied.
    const makeAndKeep = (_: null, i: number) => {
      const made = new Float64Array(16_384).fill(i) // 128 KiB
      const store = globalThis as { kept?: Float64Array[] }
      ;(store.kept ??= []).push(made)
      return made
    }
    await inThreads(async () => {
      const results = await multitask(makeAndKeep, range(6), null, null)
      expect(results.map((result) => result[0])).toEqual(range(6))
      const kept = (await multitask(keptLengths, range(2), null, null)).flat()
      expect(kept.length).toBeGreaterThan(0)
      expect(kept.every((length) => length === 0)).toBe(true)
    })
  })

  it('are copied when the thread may still use them: part of a larger buffer, small, or a buffer of the arguments', async () => {
    const partsAndSmall = (args: { data: Float64Array }, i: number) => {
      const store = globalThis as { kept?: ArrayBufferView[] }
      const big = new Float64Array(65_536).fill(i) // 512 KiB, returned only in part
      const small = new Float64Array(1024).fill(i) // 8 KiB, under the threshold
      ;(store.kept ??= []).push(big, small)
      // `args.data` (512 KiB, cloned per thread: under maxNbytes 1M) serves every batch of the call.
      return { part: big.subarray(0, 10), small, data: args.data }
    }
    const data = new Float64Array(65_536).fill(7)
    await inThreads(async () => {
      const results = await multitask(partsAndSmall, range(40), { data }, null, { maxNbytes: '1M' })
      for (const [i, result] of results.entries()) {
        expect([result.part.length, result.part[0], result.small.length, result.data.length, result.data[65_535]]).toEqual([10, i, 1024, 65_536, 7])
      }
      const kept = (await multitask(keptLengths, range(2), null, null)).flat()
      expect(kept.length).toBeGreaterThan(0)
      expect(kept.every((length) => length === 512 * 1024 || length === 8 * 1024)).toBe(true)
    })
  })

  it('keep their identity when a result holds one array twice', async () => {
    const twice = (_: null, __: number) => {
      const made = new Float64Array(16_384)
      return [made, made]
    }
    const [[a, b]] = await inThreads(() => multitask(twice, range(2), null, null))
    expect(a).toBe(b)
    expect(a!.length).toBe(16_384)
  })
})
