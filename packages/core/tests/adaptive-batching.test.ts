import { describe, expect, it } from 'vitest'
import { multitask, parallelBackend } from '@multitask/core'
import { createWorkerRuntime } from '@multitask/core/worker'
import { InProcessBackend } from './fixtures/in-process-backend.js'

// Each test uses functions of its own: batching starts from what earlier calls of the
// same function (by source) measured in this process.

describe('batching that learns from earlier calls', () => {
  it('sends a warm call of ten tiny tasks in at most one batch per worker', async () => {
    const addOne = (_: null, x: number) => x + 1
    const backend = new InProcessBackend()
    const items = Array.from({ length: 10 }, (_, i) => i)
    const call = () => parallelBackend(backend, { nJobs: 2 }, () => multitask(addOne, items, null, null))
    expect(await call()).toEqual(items.map((x) => x + 1))
    const first = backend.batches.splice(0).map((b) => b.size)
    expect(first.length).toBeGreaterThan(2) // nothing known yet: small batches
    await call()
    backend.batches.length = 0
    expect(await call()).toEqual(items.map((x) => x + 1))
    // One batch when the tasks measured well under a round trip in all, one per worker at most.
    expect(backend.batches.length).toBeLessThanOrEqual(2)
  })
})

describe('time budgets of batches', () => {
  it('stops a batch that meets slow tasks and dispatches its rest again, results in order', async () => {
    // Fast tasks, then a run of slow ones that a batch sized for the fast ones would swallow whole.
    const uneven = (_: null, i: number) => {
      const until = performance.now() + (i >= 3000 && i < 3100 ? 2 : 0)
      while (performance.now() < until);
      return i * 3
    }
    const backend = new InProcessBackend()
    const items = Array.from({ length: 4000 }, (_, i) => i)
    const results = await parallelBackend(backend, { nJobs: 2 }, () => multitask(uneven, items, null, null))
    expect(results).toEqual(items.map((i) => i * 3))
    // A batch that stopped early left a start inside itself for a later batch.
    const restarted = backend.batches.some((a) => backend.batches.some((b) => b.start > a.start && b.start < a.start + a.size))
    expect(restarted).toBe(true)
    // Every task ran exactly once: the batches' first tasks are distinct.
    expect(new Set(backend.batches.map((b) => b.start)).size).toBe(backend.batches.length)
  })

  it('a worker answers with the results of the tasks it ran within the budget, at least one', async () => {
    const runtime = createWorkerRuntime()
    const payload = {
      callId: 'budget',
      task: { kind: 'source' as const, source: '(ms, i) => { const t = performance.now() + ms; while (performance.now() < t); return i }' },
      args: 2,
      kwargs: null,
      form: 1 as const,
      nesting: { level: 1, cpuBudget: 1 },
      captureLogs: false,
    }
    const items = Array.from({ length: 50 }, (_, i) => i)
    const reply = await runtime.handle({ callId: 'budget', start: 0, items, payload, budgetMs: 10 })
    expect(reply.kind).toBe('done')
    const results = (reply as { results: number[] }).results
    expect(results.length).toBeGreaterThanOrEqual(1)
    expect(results.length).toBeLessThan(20)
    expect(results).toEqual(items.slice(0, results.length))
    const whole = await runtime.handle({ callId: 'budget', start: 0, items: items.slice(0, 3) })
    expect((whole as { results: number[] }).results).toEqual([0, 1, 2]) // no budget: the whole batch
  })
})
