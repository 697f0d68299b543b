import { afterAll, describe, expect, it } from 'vitest'
import { multitask } from '@multitask/core'
import { shutdown } from '@multitask/threading'

afterAll(() => shutdown())

const range = (n: number) => Array.from({ length: n }, (_, i) => i)
const threaded = { jobs: 2, forceThreading: true } as const

describe('shared memory', () => {
  it('tasks write in place into a SharedArrayBuffer in args and kwargs; the caller sees the writes', async () => {
    const n = 1000
    const out = new Float64Array(new SharedArrayBuffer(n * 8))
    const flags = new Int32Array(new SharedArrayBuffer(n * 4))
    const write = (args: { out: Float64Array }, kwargs: { flags: Int32Array }, i: number) => {
      args.out[i] = i * 1.5
      Atomics.store(kwargs.flags, i, 1)
      return args.out.buffer instanceof SharedArrayBuffer
    }
    const shared = await multitask(write, range(n), { out }, { flags }, threaded)
    expect(shared.every(Boolean)).toBe(true)
    expect(Array.from(out)).toEqual(range(n).map((i) => i * 1.5))
    expect(flags.every((f) => f === 1)).toBe(true)
  })

  it('copies a large ordinary buffer once into shared memory for all threads, without writing back', async () => {
    const counter = new Int32Array(300_000) // 1.2 MB > maxNbytes 1M: shared
    const small = new Uint8Array(16) // under the threshold: cloned as usual
    const count = (args: { counter: Int32Array; small: Uint8Array }, _: number) => ({
      ticket: Atomics.add(args.counter, 0, 1),
      sharedBig: args.counter.buffer instanceof SharedArrayBuffer,
      sharedSmall: args.small.buffer instanceof SharedArrayBuffer,
    })
    const result = await multitask(count, range(400), { counter, small }, null, { ...threaded, maxNbytes: '1M' })
    expect(result.every((r) => r.sharedBig && !r.sharedSmall)).toBe(true)
    // One copy shared by both threads: every ticket drawn exactly once. A copy per thread would repeat tickets.
    expect(result.map((r) => r.ticket).sort((a, b) => a - b)).toEqual(range(400))
    expect(counter[0]).toBe(0) // the caller's own array is not written
  })

  it('keeps views of one buffer aliased, with their offsets and types', async () => {
    const buffer = new ArrayBuffer(2 * 1024 * 1024)
    const bytes = new Uint8Array(buffer, 8, 1024)
    const words = new Float64Array(buffer, 0, 1)
    words[0] = 2.5
    bytes[0] = 7
    const probe = (args: { bytes: Uint8Array; words: Float64Array; raw: ArrayBuffer | SharedArrayBuffer }, _: number) => {
      args.words[0]! += 1 // visible through every view of the shared copy
      return [args.bytes.constructor.name, args.bytes.byteOffset, args.bytes.length, args.bytes[0], args.raw.constructor.name]
    }
    const [first] = await multitask(probe, [0, 1], { bytes, words, raw: buffer }, null, { ...threaded, maxNbytes: 1024 })
    expect(first).toEqual(['Uint8Array', 8, 1024, 7, 'SharedArrayBuffer'])
    expect(words[0]).toBe(2.5)
  })

  it('clones everything per thread with maxNbytes: null', async () => {
    const big = new Int32Array(600_000)
    const probe = (args: { big: Int32Array }, _: number) => args.big.buffer instanceof SharedArrayBuffer
    const result = await multitask(probe, range(4), { big }, null, { ...threaded, maxNbytes: null })
    expect(result).toEqual([false, false, false, false])
  })
})
