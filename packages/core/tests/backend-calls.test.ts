// How multitask drives a backend: planning, batching, ordering, and the call's lifecycle.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { multitask, parallelBackend } from '@multitask/core'
import { InProcessBackend } from './fixtures/in-process-backend.js'

const square = (_: unknown, x: number) => x * x

describe('a parallel call on a backend', () => {
  it('returns results in input order when batches finish out of order', async () => {
    const backend = new InProcessBackend({ delayMs: (b) => (b.start % 3) * 4 })
    const items = Array.from({ length: 200 }, (_, i) => i)
    const results = await parallelBackend(backend, { nJobs: 3 }, () => multitask(square, items, null, null))
    expect(results).toEqual(items.map((x) => x * x))
    expect(backend.events).toEqual(['start:3', 'end'])
  })

  it('covers every task exactly once, in batches that grow past one task', async () => {
    const backend = new InProcessBackend()
    const items = Array.from({ length: 5000 }, (_, i) => i)
    await parallelBackend(backend, { nJobs: 2 }, () => multitask(square, items, null, null))
    const covered = backend.batches.sort((a, b) => a.start - b.start)
    let next = 0
    for (const { start, size } of covered) {
      expect(start).toBe(next)
      next += size
    }
    expect(next).toBe(items.length)
    expect(Math.max(...covered.map((b) => b.size))).toBeGreaterThan(1)
  })

  it('caps the workers by the number of tasks and by the backend', async () => {
    const backend = new InProcessBackend({ maxJobs: 3 })
    await parallelBackend(backend, { nJobs: 8 }, () => multitask(square, [1, 2], null, null))
    await parallelBackend(backend, { nJobs: 8 }, () => multitask(square, [1, 2, 3, 4, 5], null, null))
    expect(backend.events).toEqual(['start:2', 'end', 'start:3', 'end'])
  })

  it('asks the backend to start its workers while a TypeScript module compiles, and only then', async () => {
    const backend = new InProcessBackend()
    // On Node before 22.18 the caller compiles a .ts module first: workers start meanwhile.
    const typed = { module: new URL('./fixtures/tasks.ts', import.meta.url), name: 'addTenTyped' }
    expect(await parallelBackend(backend, { nJobs: 2 }, () => multitask(typed, [0, 1, 2], [1, 2, 3], null))).toEqual([11, 12, 13])
    // A compile found in the cache may be done before planning is, and then no warm-up is needed.
    const compiles = !process.versions.bun && !('Deno' in globalThis) && !(process.features as { typescript?: unknown }).typescript
    expect(backend.events.filter((event) => event !== 'warm-up:2')).toEqual(['start:2', 'end'])
    if (!compiles) expect(backend.events).toEqual(['start:2', 'end'])
    // Loaded now: the second call has nothing to wait for.
    backend.events.length = 0
    expect(await parallelBackend(backend, { nJobs: 2 }, () => multitask(typed, [0, 1, 2], [1, 2, 3], null))).toEqual([11, 12, 13])
    expect(backend.events).toEqual(['start:2', 'end'])
  })

  it('starts no worker before a plain module has loaded, so a bad reference fails with none started', async () => {
    const backend = new InProcessBackend()
    const slow = { module: new URL('./fixtures/slow-to-load.mjs', import.meta.url), name: 'double' }
    expect(await parallelBackend(backend, { nJobs: 2 }, () => multitask(slow, [1, 2, 3], null, null))).toEqual([2, 4, 6])
    expect(backend.events).toEqual(['start:2', 'end'])
  })

  it('runs one task, or jobs 1, in series without the backend', async () => {
    const backend = new InProcessBackend()
    expect(await parallelBackend(backend, { nJobs: 4 }, () => multitask(square, [3], null, null))).toEqual([9])
    expect(await parallelBackend(backend, undefined, () => multitask(square, [3, 4], null, null, { jobs: 1 }))).toEqual([9, 16])
    expect(backend.events).toEqual([])
  })

  it('rejects with the task error, asks the backend to stop the call, and ends the call', async () => {
    const backend = new InProcessBackend({ delayMs: () => 2 })
    const failing = (_: null, x: number) => {
      if (x === 37) throw new RangeError('bad 37')
      return x
    }
    const items = Array.from({ length: 100 }, (_, i) => i)
    await expect(parallelBackend(backend, { nJobs: 2 }, () => multitask(failing, items, null, null))).rejects.toThrow(
      new RangeError('bad 37'),
    )
    expect(backend.aborted).toBe(1)
    expect(backend.events.at(-1)).toBe('end')
  })

  it('passes the call details to the backend', async () => {
    const calls: unknown[] = []
    const backend = new InProcessBackend({ startCall: (call) => calls.push(call) })
    await parallelBackend(backend, { nJobs: 2, region: 'eu' }, () =>
      multitask((a: string, k: { k: number }, x: number) => a + k.k + x, [1, 2, 3], 'A', { k: 1 }, { maxNbytes: '2K' }),
    )
    expect(calls[0]).toMatchObject({
      args: 'A',
      kwargs: { k: 1 },
      form: 2,
      nJobs: 2,
      taskCount: 3,
      maxNbytes: 2048,
      workerNesting: { level: 1 },
      backendOptions: { region: 'eu' },
      task: { kind: 'function' },
    })
  })

  it('merges backend options of nested contexts of the same backend only', async () => {
    const seen: unknown[] = []
    const backend = new InProcessBackend({ startCall: (call) => seen.push(call.backendOptions) })
    const other = new InProcessBackend({ startCall: (call) => seen.push(call.backendOptions) })
    const run = () => multitask(square, [1, 2], null, null)
    await parallelBackend(backend, { nJobs: 2, a: 1, b: 1 }, async () => {
      await parallelBackend(backend, { b: 2 }, run)
      await parallelBackend(other, { c: 3 }, run)
    })
    expect(seen).toEqual([{ a: 1, b: 2 }, { c: 3 }])
  })

  it('equals the serial map for any input, skip mask, jobs and batch timing (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ x: fc.integer(), skip: fc.boolean() }), { maxLength: 60 }),
        fc.integer({ min: -3, max: 6 }),
        fc.integer({ min: 0, max: 3 }),
        async (rows, jobs, delay) => {
          const backend = new InProcessBackend({ delayMs: (b) => (b.start * 7) % (delay + 1) })
          const items = rows.map((r) => r.x)
          const skip = rows.map((r) => r.skip)
          const expected = items.filter((_, i) => !skip[i]).map((x) => x * 3 - 1)
          const got = await parallelBackend(backend, undefined, () =>
            multitask((_: null, x: number) => x * 3 - 1, items, null, null, { jobs, skip }),
          )
          expect(got).toEqual(expected)
        },
      ),
      { seed: 20261129, numRuns: 60 },
    )
  })
})
