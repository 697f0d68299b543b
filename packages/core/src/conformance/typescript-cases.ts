import { deepStrictEqual, match, ok } from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { platform } from '#platform'
import { failedTaskIndex, multitask, taskModule } from '../index.js'
import type { ConformanceCase } from './case.js'
import { range, rejectionOf } from './driver.js'

// A TypeScript project as users write one: the task module imports a second .ts module
// (by the .js name TypeScript projects use) and reads a file beside it. The helper also
// tells which file the task runs from: the compiled module, or the .ts source under a loader.
const PROJECT: Readonly<Record<string, string>> = {
  'package.json': '{ "type": "module" }\n',
  'data.json': '{ "base": 1000 }\n',
  'helper.ts': `export const offset: number = 100

/** The file V8 runs the caller of this from, read off the call stack before source maps apply. */
export function callerFile(): string | undefined {
  const original = Error.prepareStackTrace
  Error.prepareStackTrace = (_error, frames) => frames
  const frames = new Error().stack as unknown as { getFileName(): string | null }[]
  Error.prepareStackTrace = original
  return frames[1]?.getFileName() ?? undefined
}
`,
  'tasks.ts': `import { readFileSync } from 'node:fs'
import { callerFile, offset } from './helper.js'

const data = JSON.parse(readFileSync(new URL('./data.json', import.meta.url), 'utf8')) as { readonly base: number }

export function scaled(args: readonly number[], i: number): { value: number; file: string | undefined } {
  return { value: args[i]! * 10 + offset + data.base, file: callerFile() }
}

export function failing(_args: null, i: number): number {
  if (i === 2) throw new RangeError(\`task \${i} failed\`)
  return i
}
`,
}
const THROW_LINE = PROJECT['tasks.ts']!.split('\n').findIndex((line) => line.includes('throw new RangeError')) + 1
const COMPILED = /\/node_modules\/\.cache\/multitask\/ts\/[0-9a-f]+\/tasks-[0-9a-f]+\.mjs$/

type Scaled = (args: readonly number[], i: number) => { value: number; file: string | undefined }

/** TypeScript task modules, which workers of Node before 22.18 run from the caller's compiled JavaScript. */
export const typescriptCases: readonly ConformanceCase[] = [
  {
    name: 'typescript-module',
    title:
      'a TypeScript module importing another .ts module runs, reads files beside it and points its errors at the .ts line; ' +
      "where the runtime needs a loader for .ts, tasks run from the caller's compiled JavaScript",
    run: async (driver) => {
      const dir = await mkdtemp(join(tmpdir(), 'multitask-conformance-ts-'))
      try {
        for (const [name, content] of Object.entries(PROJECT)) await writeFile(join(dir, name), content)
        const tasks = pathToFileURL(join(dir, 'tasks.ts'))
        // In the caller's own thread, Error.prepareStackTrace is the caller's (a test runner's may not apply source maps).
        const inWorkers = driver.options.capabilities.runsOn !== 'in-process'
        const numbers = range(6)
        const results = await driver.within(() => multitask(taskModule<Scaled>(tasks, 'scaled'), numbers.keys(), numbers, null))
        deepStrictEqual(results.map((result) => result.value), numbers.map((n) => n * 10 + 1100))
        if (!platform.loadsTypeScript()) {
          for (const { file } of results) {
            match(file ?? '', COMPILED, "the task did not run from the caller's compiled module (did TaskSpec.compiled reach the worker?)")
          }
        }
        const failing = taskModule<(args: null, i: number) => number>(tasks, 'failing')
        const { thrown } = await rejectionOf(driver.within(() => multitask(failing, range(4), null, null)))
        ok(thrown instanceof Error, `expected an Error, got ${String(thrown)}`)
        deepStrictEqual([thrown.name, thrown.message, failedTaskIndex(thrown)], ['RangeError', 'task 2 failed', 2])
        if (inWorkers) ok(thrown.stack?.includes(`tasks.ts:${THROW_LINE}:`), `the stack does not point at tasks.ts:${THROW_LINE}: ${thrown.stack}`)
      } finally {
        await rm(dir, { recursive: true, force: true })
      }
    },
  },
]
