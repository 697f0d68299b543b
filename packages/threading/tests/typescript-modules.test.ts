// Issue 19: the threads of a parallel call of a TypeScript module import the JavaScript
// the caller compiled once, without loading a TypeScript loader themselves.
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { multitask, RemoteTaskError, taskModule } from '@multitask/core'
import { shutdown } from '@multitask/threading'
import type { failing, scaled } from './fixtures/ts-graph/tasks.ts'

afterAll(() => shutdown())

const tasks = new URL('./fixtures/ts-graph/tasks.ts', import.meta.url)
// Where a runtime loads TypeScript itself (Node >= 22.18, Deno, Bun), nothing is compiled.
const loadsTypeScript = Boolean((process.features as { typescript?: unknown }).typescript)
const COMPILED = /node_modules\/\.cache\/multitask\/ts\/[0-9a-f]+\/tasks-[0-9a-f]+\.mjs$/

describe.skipIf(loadsTypeScript)('TypeScript task modules on worker threads', () => {
  it('run from the compiled JavaScript, without a loader, and give the results of a series call', async () => {
    const ref = taskModule<typeof scaled>(tasks, 'scaled')
    const numbers = [0, 1, 2, 3, 4, 5]
    const inSeries = await multitask(ref, numbers.keys(), numbers, { factor: 10 }, { jobs: 1 })
    const inThreads = await multitask(ref, numbers.keys(), numbers, { factor: 10 }, { jobs: 2, forceThreading: true })
    expect(inThreads.map((r) => r.value)).toEqual(inSeries.map((r) => r.value))
    expect(inThreads.map((r) => r.value)).toEqual([1100, 1110, 1120, 1130, 1140, 1150])
    for (const result of inThreads) {
      expect(result.threadId).toBeGreaterThan(0)
      expect(result.file).toMatch(COMPILED)
      expect(result.loaderHooks).toBe(false)
    }
  })

  it("point a task's error at its line of the .ts file", async () => {
    const source = await readFile(tasks, 'utf8')
    const line = source.split('\n').findIndex((text) => text.includes('throw new RangeError')) + 1
    const ref = taskModule<typeof failing>(tasks, 'failing')
    const error = await multitask(ref, [0, 1, 2, 3], null, null, { jobs: 2, forceThreading: true }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RemoteTaskError)
    expect(error).toMatchObject({ name: 'RangeError', message: 'task 2 failed', taskIndex: 2 })
    expect((error as Error).stack).toContain(`${fileURLToPath(tasks)}:${line}:`)
  })
})
