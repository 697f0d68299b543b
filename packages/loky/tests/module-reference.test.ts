import { afterAll, describe, expect, it } from 'vitest'
import { multitask, taskModule } from '@multitask/core'
import { shutdown } from '@multitask/loky'
import type { loaderHooks, scaledTyped } from './fixtures/tasks.ts'

afterAll(() => shutdown())

describe('module references', () => {
  it('imports a JavaScript module in each worker', async () => {
    const ref = { module: new URL('./fixtures/tasks.mjs', import.meta.url), name: 'addTen' }
    expect(await multitask(ref, [0, 1, 2, 3], [5, 6, 7, 8], null, { jobs: 2 })).toEqual([15, 16, 17, 18])
  })

  it('loads a TypeScript module without a build step', async () => {
    const ref = taskModule<typeof scaledTyped>(new URL('./fixtures/tasks.ts', import.meta.url), 'scaledTyped')
    const results = await multitask(ref, [0, 1, 2, 3], [1, 2, 3, 4], { factor: 10 }, { jobs: 2 })
    expect(results.map((r) => r.value)).toEqual([10, 20, 30, 40])
    expect(results.some((r) => r.pid === process.pid)).toBe(false)
  })

  it("loads a TypeScript module in the workers without a loader, from the caller's compiled JavaScript", async () => {
    const ref = taskModule<typeof loaderHooks>(new URL('./fixtures/tasks.ts', import.meta.url), 'loaderHooks')
    expect(await multitask(ref, [0, 1, 2, 3], null, null, { jobs: 2 })).toEqual([false, false, false, false])
  })

  it('rejects with a TaskModuleError naming a missing export', async () => {
    const ref = { module: new URL('./fixtures/tasks.mjs', import.meta.url), name: 'nope' }
    await expect(multitask(ref, [0, 1], [1, 2], null, { jobs: 2 })).rejects.toMatchObject({ name: 'TaskModuleError' })
  })
})
