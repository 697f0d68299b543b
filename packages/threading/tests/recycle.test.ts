import { afterAll, describe, expect, it } from 'vitest'
import { multitask, parallelBackend, type Progress } from '@multitask/core'
import { poolStats, shutdown } from '@multitask/threading'
import { eventually } from './helpers.ts'

// Issue 20: threads replaced after N tasks or past a memory limit, every result kept.
afterAll(() => shutdown())

const tasks = new URL('./fixtures/leaky-tasks.mjs', import.meta.url)
const whichThread = { module: tasks, name: 'whichThread' }
const leak = { module: tasks, name: 'leak' }
const items = (n: number) => Array.from({ length: n }, (_, i) => i)
type Ran = { i: number; thread: number; check?: number }

describe('worker limits on threads', () => {
  it('runs 40 tasks with maxTasksPerWorker: 5 on 2 threads on at least 8 distinct threads', async () => {
    let last: Progress | undefined
    const ran: Ran[] = await multitask(whichThread, items(40), null, null, {
      jobs: 2, forceThreading: true, maxTasksPerWorker: 5, onProgress: (p) => (last = p),
    })
    expect(ran.map((r) => r.i)).toEqual(items(40))
    const threads = new Set(ran.map((r) => r.thread))
    expect(threads.size).toBeGreaterThanOrEqual(8)
    for (const thread of threads) expect(ran.filter((r) => r.thread === thread).length).toBeLessThanOrEqual(5)
    expect(last?.workersReplaced).toEqual({ maxTasksPerWorker: threads.size, workerMemoryLimit: 0 })
  })

  it('replaces threads that keep 24 MiB per task past a 128 MiB limit, with every result right', async () => {
    let last: Progress | undefined
    const ran: Ran[] = await parallelBackend('threading', { nJobs: 2, workerMemoryLimit: '128 MiB' }, () =>
      multitask(leak, items(16), 24, null, { onProgress: (p) => (last = p) }),
    )
    expect(ran.map((r) => [r.i, r.check])).toEqual(items(16).map((i) => [i, i % 251]))
    // 16 x 24 MiB on 2 threads that hold at most about 6 x 24 MiB each: at least 2 were replaced.
    expect(new Set(ran.map((r) => r.thread)).size).toBeGreaterThanOrEqual(4)
    expect(last?.workersReplaced?.workerMemoryLimit).toBeGreaterThanOrEqual(2)
    for (const thread of new Set(ran.map((r) => r.thread))) expect(ran.filter((r) => r.thread === thread).length).toBeLessThanOrEqual(6)
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
