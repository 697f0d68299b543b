import { fileURLToPath } from 'node:url'
import { relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { multitask, taskModule, TaskModuleError } from '@multitask/core'
import type { addTenTyped, scaledLater } from './fixtures/tasks.ts'

const jsModule = new URL('./fixtures/tasks.mjs', import.meta.url)
const tsModule = new URL('./fixtures/tasks.ts', import.meta.url)
const numbers = [0, 1, 2, 3, 4]

describe('module references', () => {
  it('imports the default export when name is not given', async () => {
    expect(await multitask({ module: jsModule }, numbers.keys(), numbers, null)).toEqual([10, 11, 12, 13, 14])
  })

  it('accepts a URL, a file: string, an absolute path and a path relative to the working directory', async () => {
    const path = fileURLToPath(jsModule)
    for (const module of [jsModule, jsModule.href, path, `./${relative(process.cwd(), path)}`]) {
      expect(await multitask({ module, name: 'scaled' }, [1, 2], [0, 5, 7], { factor: 2 })).toEqual([10, 14])
    }
  })

  it('loads TypeScript task modules, with results typed from the export', async () => {
    const results: number[] = await multitask(taskModule<typeof addTenTyped>(tsModule, 'addTenTyped'), numbers.keys(), numbers, null)
    expect(results).toEqual([10, 11, 12, 13, 14])
    const scaled: number[] = await multitask(taskModule<typeof scaledLater>(tsModule, 'scaledLater'), [1, 2], [0, 5, 7], { factor: 3 })
    expect(scaled).toEqual([15, 21])
  })

  it('fails early with TaskModuleError for a missing file, naming the path', async () => {
    const error = await multitask({ module: new URL('./fixtures/nope.mjs', import.meta.url) }, [1], null, null).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TaskModuleError)
    expect((error as TaskModuleError).code).toBe('ERR_MULTITASK_TASK_MODULE')
    expect((error as Error).message).toMatch(/nope\.mjs does not exist/)
  })

  it('fails early for a missing or non-function export, listing the function exports', async () => {
    await expect(multitask({ module: jsModule, name: 'missing' }, [1], null, null)).rejects.toThrow(
      /has no function export "missing" \(its function exports: default, scaled\)/,
    )
    await expect(multitask({ module: jsModule, name: 'notAFunction' }, [1], null, null)).rejects.toThrow(TaskModuleError)
  })

  it('rejects a func that is neither a function nor a module reference', async () => {
    for (const bad of [null, 42, 'addTen', { name: 'x' }, { module: 3 }, { module: '' }, { module: jsModule, name: 7 }]) {
      await expect(multitask(bad as never, [1], null, null)).rejects.toThrow(TypeError)
    }
    await expect(multitask({ name: 'x' } as never, [1], null, null)).rejects.toThrow(
      /`func` must be a function or a module reference \{ module, name\? \}/,
    )
  })
})
