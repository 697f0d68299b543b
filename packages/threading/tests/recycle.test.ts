import { afterAll, describe, expect, it } from 'vitest'
import { multitask, parallelBackend, taskModule, type Progress } from '@multitask/core'
import { poolStats, shutdown } from '@multitask/threading'
import { eventually } from './helpers.ts'

// Issue 20 on threads; the kit's cases (conformance.test.ts) check the limits themselves.
afterAll(() => shutdown())

type Ran = { i: number; thread: number }
const whichThread = taskModule<(_: null, i: number) => Ran>(new URL('./fixtures/which-thread.mjs', import.meta.url), 'whichThread')
const items = (n: number) => Array.from({ length: n }, (_, i) => i)

describe('worker limits on threads', () => {
  it('reports in onProgress how many threads were replaced, and why', async () => {
    let last: Progress | undefined
    const ran: Ran[] = await multitask(whichThread, items(40), null, null, {
      jobs: 2, forceThreading: true, maxTasksPerWorker: 5, onProgress: (p) => (last = p),
    })
    const threads = new Set(ran.map((r) => r.thread))
    expect(threads.size).toBeGreaterThanOrEqual(8)
    expect(last?.workersReplaced).toEqual({ maxTasksPerWorker: threads.size, workerMemoryLimit: 0 })
  })

  it('keeps the same 2 threads for the whole call without limits', async () => {
    const ran: Ran[] = await multitask(whichThread, items(40), null, null, { jobs: 2, forceThreading: true })
    expect(new Set(ran.map((r) => r.thread)).size).toBe(2)
  })

  it('lets idle threads go after idleTimeout, and the next call still works', async () => {
    await shutdown() // the pools of the other tests keep their threads for 5 minutes
    const call = () => parallelBackend('threading', { nJobs: 2, idleTimeout: 50 }, () => multitask(whichThread, items(4), null, null))
    await call()
    await eventually(() => poolStats().threads === 0 && poolStats().starting === 0)
    expect((await call()).map((r: Ran) => r.i)).toEqual(items(4))
  })
})
