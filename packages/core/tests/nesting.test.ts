import { Worker } from 'node:worker_threads'
import { describe, expect, it } from 'vitest'

// The worker side runs in a real worker thread, as a backend's worker would, so the
// nesting state of this test process stays untouched.
function runWorker(): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./fixtures/nesting-worker.mjs', import.meta.url))
    worker.once('message', resolve)
    worker.once('error', reject)
  })
}

describe('nesting', () => {
  it('is level 0 with the whole CPU budget outside workers', async () => {
    const { cpuCount } = await import('@multitask/core')
    const { nestingInfo } = await import('@multitask/core/backend')
    expect(nestingInfo()).toEqual({ level: 0, cpuBudget: cpuCount() })
  })

  it('a worker of a level-0 call may use its share of CPUs; a level-2 worker runs in series', async () => {
    const { cpuCount } = await import('@multitask/core')
    const result = await runWorker()
    // budget 3: asking for 8 gets 3, for 2 gets 2, for all CPUs gets min(CPUs, 3)
    expect(result).toEqual({ atLevel1: [3, 2, Math.min(cpuCount(), 3), 1], atLevel2: [1, 1], stillWorks: [11, 12] })
  })
})

describe('runaway recursion', () => {
  it('ends a task that calls multitask on itself without a base case with a NestingLimitError', async () => {
    const { multitask, NestingLimitError } = await import('@multitask/core')
    let calls = 0
    const recurse = async (_: null, n: number): Promise<number> => {
      calls++
      const [inner] = await multitask(recurse, [n + 1], null, null, { jobs: 2 })
      return inner!
    }
    const error = await multitask(recurse, [0], null, null).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NestingLimitError)
    expect(error).toMatchObject({ code: 'ERR_MULTITASK_NESTING_LIMIT', depth: 33, limit: 32 })
    expect(calls).toBe(32)
  })

  it('lets legitimate nesting through', async () => {
    const { multitask } = await import('@multitask/core')
    const depthOf = async (_: null, n: number): Promise<number> =>
      n === 0 ? 0 : 1 + (await multitask(depthOf, [n - 1], null, null))[0]!
    expect(await multitask(depthOf, [10], null, null)).toEqual([10])
  })
})
