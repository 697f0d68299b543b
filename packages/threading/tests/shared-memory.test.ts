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

describe('the shared copy of a large ordinary buffer across calls', () => {
  // Each task writes into its copy at its own index and returns what it found there first.
  const swap = (args: { data: Int32Array }, i: number) => {
    const found = args.data[i]
    args.data[i] = -1
    return found
  }
  const big = () => Int32Array.from({ length: 300_000 }, (_, i) => i) // 1.2 MB > maxNbytes 1M

  it('gives every call the bytes the caller holds now, whatever earlier calls or the caller wrote', async () => {
    const data = big()
    const options = { ...threaded, maxNbytes: '1M' } as const
    // Call 1 writes -1 into its copy; call 2 must still see the caller's values.
    expect(await multitask(swap, range(4), { data }, null, options)).toEqual([0, 1, 2, 3])
    expect(await multitask(swap, range(4), { data }, null, options)).toEqual([0, 1, 2, 3])
    // The caller changes its array between calls: the next call sees the change.
    data[2] = 42
    expect(await multitask(swap, range(4), { data }, null, options)).toEqual([0, 1, 42, 3])
    expect(Array.from(data.subarray(0, 4))).toEqual([0, 1, 42, 3]) // and the caller's array is never written
  })

  it('never lets calls running at once share a copy', async () => {
    const data = big()
    // Task 0 of each call writes its call's mark into its copy, waits (5 s at most) until
    // the other call's task 0 has written too, then reads its copy back. (Task 1 only makes
    // the call parallel: a call of one task runs in series.)
    const mark = (args: { data: Int32Array; mark: number; gate: Int32Array }, i: number) => {
      if (i === 1) return null
      args.data[i] = args.mark
      Atomics.add(args.gate, 0, 1)
      const deadline = Date.now() + 5_000
      while (Atomics.load(args.gate, 0) < 2 && Date.now() < deadline) Atomics.wait(args.gate, 0, 1, 5)
      return { read: args.data[i], overlapped: Atomics.load(args.gate, 0) === 2 }
    }
    const gate = new Int32Array(new SharedArrayBuffer(4))
    const options = { jobs: 2, forceThreading: true, maxNbytes: '1M' } as const
    const [a, b] = await Promise.all([
      multitask(mark, [0, 1], { data, mark: 111, gate }, null, options),
      multitask(mark, [0, 1], { data, mark: 222, gate }, null, options),
    ])
    expect([a, b]).toEqual([
      [{ read: 111, overlapped: true }, null],
      [{ read: 222, overlapped: true }, null],
    ])
    expect(data[0]).toBe(0)
  })
})

describe('the kept shared copy and resizable buffers', () => {
  it('gives the next call the bytes of a buffer that grew or shrank since the last call', async () => {
    // Resizable ArrayBuffers (Node 20) are ES2024, past the lib of this project's TypeScript settings.
    const Resizable = ArrayBuffer as unknown as new (bytes: number, options: { maxByteLength: number }) => ArrayBuffer & { resize(bytes: number): void }
    const buffer = new Resizable(1_200_000, { maxByteLength: 2_400_000 }) // over maxNbytes 1M
    const view = () => new Int32Array(buffer)
    view().fill(7)
    const lengthAndLast = (args: { data: Int32Array }, _: number) => [args.data.length, args.data[args.data.length - 1]]
    const options = { ...threaded, maxNbytes: '1M' } as const
    expect(await multitask(lengthAndLast, range(2), { data: view() }, null, options)).toEqual([[300_000, 7], [300_000, 7]])
    buffer.resize(2_000_000)
    view().fill(9)
    expect(await multitask(lengthAndLast, range(2), { data: view() }, null, options)).toEqual([[500_000, 9], [500_000, 9]])
    buffer.resize(1_100_000)
    expect(await multitask(lengthAndLast, range(2), { data: view() }, null, options)).toEqual([[275_000, 9], [275_000, 9]])
  })
})
