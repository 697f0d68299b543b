// Issue 19: the workers of a parallel call of a TypeScript module import the JavaScript
// the caller compiled once, without loading a TypeScript loader themselves.
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { multitask, RemoteTaskError, taskModule } from '@multitask/core'
import { shutdown } from '@multitask/loky'
import type { failing, scaled } from './fixtures/ts-graph/tasks.ts'

afterAll(() => shutdown())

const tasks = new URL('./fixtures/ts-graph/tasks.ts', import.meta.url)
const runModule = fileURLToPath(new URL('./fixtures/run-module.mjs', import.meta.url))
// Where a runtime loads TypeScript itself (Node >= 22.18, Deno, Bun), nothing is compiled.
const loadsTypeScript = Boolean((process.features as { typescript?: unknown }).typescript)
const COMPILED = /node_modules\/\.cache\/multitask\/ts\/[0-9a-f]+\/tasks-[0-9a-f]+\.mjs$/

describe.skipIf(loadsTypeScript)('TypeScript task modules on worker processes', () => {
  it('run from the compiled JavaScript, without a loader, and give the results of a series call', async () => {
    const ref = taskModule<typeof scaled>(tasks, 'scaled')
    const numbers = [0, 1, 2, 3, 4, 5]
    const inSeries = await multitask(ref, numbers.keys(), numbers, { factor: 10 }, { jobs: 1 })
    const inWorkers = await multitask(ref, numbers.keys(), numbers, { factor: 10 }, { jobs: 2, forceProcesses: true })
    expect(inWorkers.map((r) => r.value)).toEqual(inSeries.map((r) => r.value))
    expect(inWorkers.map((r) => r.value)).toEqual([1100, 1110, 1120, 1130, 1140, 1150])
    for (const result of inWorkers) {
      expect(result.pid).not.toBe(process.pid)
      expect(result.file).toMatch(COMPILED)
      expect(result.loaderHooks).toBe(false)
    }
  })

  it("point a task's error at its line of the .ts file", async () => {
    const source = await readFile(tasks, 'utf8')
    const line = source.split('\n').findIndex((text) => text.includes('throw new RangeError')) + 1
    const ref = taskModule<typeof failing>(tasks, 'failing')
    const error = await multitask(ref, [0, 1, 2, 3], null, null, { jobs: 2, forceProcesses: true }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RemoteTaskError)
    expect(error).toMatchObject({ name: 'RangeError', message: 'task 2 failed', taskIndex: 2 })
    expect((error as Error).stack).toContain(`${fileURLToPath(tasks)}:${line}:`)
  })

  it('run the new code of an edited helper in the next process', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'multitask-ts-test-'))
    try {
      await writeFile(join(dir, 'package.json'), JSON.stringify({ type: 'module' }))
      await writeFile(join(dir, 'tasks.ts'), "import { offset } from './helper.ts'\nexport const add = (args: number[], i: number): number => args[i]! + offset\n")
      await writeFile(join(dir, 'helper.ts'), 'export const offset: number = 1\n')
      const run = async () => {
        // A process that did not exit by itself is killed, so the test fails instead of hanging.
        const args = [runModule, pathToFileURL(join(dir, 'tasks.ts')).href, 'add']
        const { stdout } = await promisify(execFile)(process.execPath, args, { timeout: 20_000 })
        return JSON.parse(stdout) as unknown
      }
      expect(await run()).toEqual([2, 3, 4, 5])
      await writeFile(join(dir, 'helper.ts'), 'export const offset: number = 10\n')
      expect(await run()).toEqual([11, 12, 13, 14])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
