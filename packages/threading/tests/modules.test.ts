import { afterAll, describe, expect, it } from 'vitest'
import { multitask, taskModule } from '@multitask/core'
import { shutdown } from '@multitask/threading'
import type { loaderHooks, scaleTyped } from './fixtures/tasks.ts'

afterAll(() => shutdown())

const numbers = [0, 1, 2, 3, 4]

describe('module references', () => {
  it('imports a JavaScript task module in the threads', async () => {
    const ref = { module: new URL('./fixtures/tasks.mjs', import.meta.url), name: 'addTenWithThread' }
    const result = (await multitask(ref, numbers.keys(), numbers, null, { jobs: 2, forceThreading: true })) as Array<{
      value: number
      threadId: number
    }>
    expect(result.map((r) => r.value)).toEqual([10, 11, 12, 13, 14])
    expect(result.every((r) => r.threadId > 0)).toBe(true)
  })

  it("loads a TypeScript task module in the threads without a loader, from the caller's compiled JavaScript", async () => {
    const ref = taskModule<typeof loaderHooks>(new URL('./fixtures/tasks.ts', import.meta.url), 'loaderHooks')
    expect(await multitask(ref, [0, 1, 2, 3], null, null, { jobs: 2, forceThreading: true })).toEqual([false, false, false, false])
  })

  it('loads a TypeScript task module in the threads, where Node 20 passes no loader', async () => {
    const ref = taskModule<typeof scaleTyped>(new URL('./fixtures/tasks.ts', import.meta.url), 'scaleTyped')
    const result = await multitask(ref, numbers.keys(), numbers, { factor: 3 }, { jobs: 2, forceThreading: true })
    expect(result.map((r) => r.value)).toEqual([0, 3, 6, 9, 12])
    expect(result.every((r) => r.threadId > 0)).toBe(true)
  })
})
