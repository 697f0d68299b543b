// Issue 19: a TypeScript task module is compiled once, by the caller, into a cache that
// any process imports from without a TypeScript loader. These are the caller's side of
// it (series calls here and in fresh processes); the backends' tests check the workers.
import { execFile } from 'node:child_process'
import { createRequire } from 'node:module'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { multitask, TaskModuleError, taskModule } from '@multitask/core'
import type { meta } from './fixtures/ts-graph/tasks.ts'

const graph = new URL('./fixtures/ts-graph/', import.meta.url)
const runModule = fileURLToPath(new URL('./fixtures/run-module.mjs', import.meta.url))
// Where a runtime loads TypeScript itself (Node >= 22.18, Deno, Bun), nothing is compiled.
const loadsTypeScript = Boolean((process.features as { typescript?: unknown }).typescript)

const projects: string[] = []
afterEach(async () => {
  await Promise.all(projects.splice(0).map((dir) => rm(dir, { recursive: true, force: true })))
})

/** A project folder of ES modules with these files; removed after the test. */
async function project(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'multitask-ts-test-'))
  projects.push(dir)
  await writeFile(join(dir, 'package.json'), JSON.stringify({ type: 'module' }))
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content)
  return dir
}

/** Runs one call of `file#name` in a fresh node process; its outcome as run-module.mjs prints it. */
async function runInFreshProcess(file: string, name: string, jobs = 1): Promise<{ results?: unknown[]; error?: Record<string, string> }> {
  // A process that did not exit by itself is killed, so the test fails instead of hanging.
  const { stdout } = await promisify(execFile)(process.execPath, [runModule, pathToFileURL(file).href, name, String(jobs)], { timeout: 20_000 })
  return JSON.parse(stdout) as { results?: unknown[]; error?: Record<string, string> }
}

const cacheOf = (dir: string) => join(dir, 'node_modules', '.cache', 'multitask', 'ts')

/** The commands of this process's child processes (but the `ps` that lists them). */
async function childProcesses(): Promise<string[]> {
  const { stdout } = await promisify(execFile)('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)])
  return stdout.split('\n').filter((line) => line.trim() !== '' && !/^\s*\d+ ps /.test(line))
}

describe.skipIf(loadsTypeScript)('TypeScript task modules, compiled once', () => {
  it("runs a module that imports a second .ts module and a package, from the compiled module, with import.meta of its source", async () => {
    const [found] = await multitask(taskModule<typeof meta>(new URL('tasks.ts', graph), 'meta'), [0], null, null)
    const source = new URL('tasks.ts', graph)
    expect(found).toEqual({ url: source.href, filename: fileURLToPath(source), dirname: fileURLToPath(graph).replace(/\/$/, ''), offset: 100, logger: true })
    const compiled = await readdir(cacheOf(fileURLToPath(new URL('../', import.meta.url))), { recursive: true })
    expect(compiled.some((file) => /^[0-9a-f]+\/tasks-[0-9a-f]+\.mjs$/.test(String(file)))).toBe(true)
  })

  it("points a task's error at its line of the .ts file", async () => {
    const source = await readFile(new URL('tasks.ts', graph), 'utf8')
    const line = source.split('\n').findIndex((text) => text.includes('throw new RangeError')) + 1
    // In a process of its own: vitest replaces Error.prepareStackTrace here, which turns Node's source maps off.
    const { error } = await runInFreshProcess(fileURLToPath(new URL('tasks.ts', graph)), 'failing')
    expect(error).toMatchObject({ name: 'RangeError', message: 'task 2 failed' })
    expect(error!.stack).toContain(`${fileURLToPath(graph)}tasks.ts:${line}:`)
  })

  it('fails early with a TaskModuleError giving the file, line and column of a syntax error', async () => {
    const dir = await project({ 'broken.ts': 'export function broken(a: number): number {\n  return a +* 2\n}\n' })
    const error = await multitask({ module: join(dir, 'broken.ts'), name: 'broken' }, [1], null, null).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TaskModuleError)
    expect((error as Error).message).toContain(`${join(dir, 'broken.ts')}:2:`)
    expect((error as Error).message).toMatch(/ERROR: Unexpected "\*"/)
  })

  it('runs a module with type errors: types are stripped, not checked', async () => {
    const dir = await project({ 'typed.ts': "export const wrong = (_: null, i: number): string => i + 1\nconst n: number = 'text'\n" })
    expect(await multitask({ module: join(dir, 'typed.ts'), name: 'wrong' }, [1, 2], null, null)).toEqual([2, 3])
  })

  it('compiles again, in the next process, when a file the module imports has changed', async () => {
    const dir = await project({
      'tasks.ts': "import { offset } from './helper.ts'\nexport const add = (args: number[], i: number): number => args[i]! + offset\n",
      'helper.ts': 'export const offset: number = 1\n',
    })
    expect(await runInFreshProcess(join(dir, 'tasks.ts'), 'add')).toEqual({ results: [2, 3, 4] })
    await writeFile(join(dir, 'helper.ts'), 'export const offset: number = 10\n')
    expect(await runInFreshProcess(join(dir, 'tasks.ts'), 'add')).toEqual({ results: [11, 12, 13] })
    expect(await runInFreshProcess(join(dir, 'tasks.ts'), 'add')).toEqual({ results: [11, 12, 13] }) // from the cache
  })

  it('leaves no process of its own running once it has compiled a module', async () => {
    const dir = await project({ 'tasks.ts': 'export const one = (): number => 1\n' })
    const before = await childProcesses()
    expect(await multitask({ module: join(dir, 'tasks.ts'), name: 'one' }, [0], null, null)).toEqual([1])
    // esbuild's service process ends with the compile, not with this process (it is stopped, then reaped).
    await vi.waitFor(async () => expect(await childProcesses()).toEqual(before), { timeout: 5_000 })
  })

  it('leaves alone the service process of an esbuild the program itself uses', async () => {
    const esbuild = createRequire(import.meta.url)('esbuild') as { transform(code: string, options: object): Promise<unknown>; stop(): Promise<void> }
    await esbuild.transform('const x: number = 1', { loader: 'ts' }) // starts the program's esbuild service
    try {
      const before = await childProcesses()
      const dir = await project({ 'tasks.ts': 'export const two = (): number => 2\n' })
      expect(await multitask({ module: join(dir, 'tasks.ts'), name: 'two' }, [0], null, null)).toEqual([2])
      await vi.waitFor(async () => expect(await childProcesses()).toEqual(before), { timeout: 5_000 })
    } finally {
      await esbuild.stop()
    }
  })

  it('lets processes compile the same module at once: one graph in the cache, no temporary files left', async () => {
    const dir = await project({
      'tasks.ts': "import { offset } from './helper.ts'\nexport const add = (args: number[], i: number): number => args[i]! + offset\n",
      'helper.ts': 'export const offset: number = 5\n',
    })
    const outcomes = await Promise.all([1, 2, 3].map(() => runInFreshProcess(join(dir, 'tasks.ts'), 'add')))
    for (const outcome of outcomes) expect(outcome).toEqual({ results: [6, 7, 8] })
    const entries = await readdir(cacheOf(dir), { withFileTypes: true })
    expect(entries.filter((entry) => entry.name.startsWith('.tmp-'))).toEqual([])
    expect(entries.filter((entry) => entry.isDirectory())).toHaveLength(1)
    expect(entries.filter((entry) => entry.name.endsWith('.json'))).toHaveLength(1)
  })

  it('loads a module through tsx when its graph has CommonJS TypeScript, which it does not compile', async () => {
    const dir = await project({
      'tasks.ts': "import legacy from './legacy.cts'\nexport const triple = (_: null, i: number): number => legacy.triple(i)\n",
      'legacy.cts': 'module.exports = { triple: (x: number): number => x * 3 }\n',
    })
    expect(await multitask({ module: join(dir, 'tasks.ts'), name: 'triple' }, [1, 2], null, null)).toEqual([3, 6])
  })
})
