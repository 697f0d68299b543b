import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { multitask, parallelBackend } from '@multitask/core'
import { bufferPoolStats, shutdown } from '@multitask/threading'
import { eventually } from './helpers.ts'

// Each test starts with nothing kept; `created` and `reused` are counted from its start.
let before = bufferPoolStats()
beforeEach(async () => {
  await shutdown()
  before = bufferPoolStats()
})
afterAll(() => shutdown())

/** The pool now, with `created` and `reused` counted since the test started. */
function stats() {
  const now = bufferPoolStats()
  return { ...now, created: now.created - before.created, reused: now.reused - before.reused }
}

const MB = 300_000 // Int32s: 1.2 MB, over maxNbytes 1M
const fresh = (offset: number) => Int32Array.from({ length: MB }, (_, i) => i + offset)
/** Each task reads its index, writes -1 there, and returns what it read. */
const swap = (args: { data: Int32Array }, i: number) => {
  const found = args.data[i]
  args.data[i] = -1
  return found
}
const inThreads = <T>(options: Record<string, unknown>, fn: () => Promise<T>) =>
  parallelBackend('threading', { nJobs: 2, ...options }, fn)

describe('the pool of shared buffers for large arguments', () => {
  it('refills the buffer of the last call for a new array of the same size, and the tasks see the new data', async () => {
    await inThreads({}, async () => {
      expect(await multitask(swap, [0, 1, 2], { data: fresh(0) }, null)).toEqual([0, 1, 2])
      expect(stats()).toMatchObject({ buffers: 1, bytes: MB * 4, leased: 0, created: 1, reused: 0 })
      // Another array of the same size: the kept buffer (where call 1 wrote -1s) is refilled with it.
      expect(await multitask(swap, [0, 1, 2], { data: fresh(100) }, null)).toEqual([100, 101, 102])
      expect(await multitask(swap, [0, 1, 2], { data: fresh(200) }, null)).toEqual([200, 201, 202])
      expect(stats()).toMatchObject({ buffers: 1, created: 1, reused: 2 })
    })
  })

  it('gives calls running at once buffers of their own, even with an idle one to reuse', async () => {
    // Task 0 of each call writes its mark, waits for the other call's task 0 to have
    // written too, then reads its copy back: a shared buffer would show the other mark.
    const mark = (args: { data: Int32Array; mark: number; gate: Int32Array }, i: number) => {
      if (i === 1) return null
      args.data[0] = args.mark
      Atomics.add(args.gate, 0, 1)
      const deadline = Date.now() + 5_000
      while (Atomics.load(args.gate, 0) < 2 && Date.now() < deadline) Atomics.wait(args.gate, 0, 1, 5)
      return { read: args.data[0], overlapped: Atomics.load(args.gate, 0) === 2 }
    }
    await inThreads({}, async () => {
      await multitask(swap, [0, 1], { data: fresh(0) }, null) // leaves one idle buffer of this size
      const gate = new Int32Array(new SharedArrayBuffer(4))
      const [a, b] = await Promise.all([
        multitask(mark, [0, 1], { data: fresh(1), mark: 111, gate }, null),
        multitask(mark, [0, 1], { data: fresh(2), mark: 222, gate }, null),
      ])
      expect([a[0], b[0]]).toEqual([
        { read: 111, overlapped: true },
        { read: 222, overlapped: true },
      ])
      expect(stats()).toMatchObject({ buffers: 2, created: 2, reused: 1, leased: 0 })
    })
  })

  it('keeps no more than bufferPoolSize; a call past it still gets its data', async () => {
    await inThreads({ bufferPoolSize: '2M' }, async () => {
      expect(await multitask(swap, [0, 1], { data: fresh(5) }, null)).toEqual([5, 6])
      expect(stats()).toMatchObject({ buffers: 1, bytes: MB * 4 })
      // Two arrays of another size: 1.2 MB kept + 1.6 MB would pass 2 MiB, so the idle one is freed.
      const larger = Int32Array.from({ length: 400_000 }, (_, i) => i + 7)
      expect(await multitask(swap, [0, 1], { data: larger }, null)).toEqual([7, 8])
      expect(stats()).toMatchObject({ buffers: 1, bytes: 1_600_000 })
      // Two large arrays in one call: the second is past the cap, made for the call and not kept.
      const both = (args: { a: Int32Array; b: Int32Array }, i: number) => args.a[i]! + args.b[i]!
      expect(await multitask(both, [0, 1], { a: fresh(0), b: larger }, null)).toEqual([7, 9])
      expect(bufferPoolStats().bytes).toBeLessThanOrEqual(2 * 1024 ** 2)
      expect(bufferPoolStats().leased).toBe(0)
    })
  })

  it('keeps nothing with bufferPoolSize 0', async () => {
    await inThreads({ bufferPoolSize: 0 }, async () => {
      expect(await multitask(swap, [0, 1], { data: fresh(3) }, null)).toEqual([3, 4])
      expect(await multitask(swap, [0, 1], { data: fresh(3) }, null)).toEqual([3, 4])
      expect(stats()).toMatchObject({ buffers: 0, bytes: 0, created: 2, reused: 0 })
    })
  })

  it('frees a buffer after bufferPoolIdle without use', async () => {
    await inThreads({ bufferPoolIdle: 50 }, async () => {
      await multitask(swap, [0, 1], { data: fresh(0) }, null)
    })
    expect(bufferPoolStats().buffers).toBe(1)
    await eventually(() => bufferPoolStats().buffers === 0, 5_000)
    expect(bufferPoolStats().bytes).toBe(0)
  })

  it('frees kept buffers on shutdown()', async () => {
    await inThreads({}, () => multitask(swap, [0, 1], { data: fresh(0) }, null))
    expect(bufferPoolStats().buffers).toBe(1)
    await shutdown()
    expect(bufferPoolStats().buffers).toBe(0)
  })

  it('does not keep a program alive while it keeps buffers', async () => {
    const script = fileURLToPath(new URL('./fixtures/exits-with-kept-buffers.mjs', import.meta.url))
    // A kept buffer whose timer held the process would hit the timeout, which fails the test.
    const { stdout } = await promisify(execFile)(process.execPath, [script], { timeout: 20_000 })
    expect(JSON.parse(stdout)).toEqual({ sums: [300, 301], kept: 1 })
  })
})
