// Issue 19: a parallel call of a TypeScript module runs the code its files hold now, in a
// fresh process, however often it ran before. (That the workers import the caller's
// compiled JavaScript, without a loader, is the conformance kit's typescript-module case.)
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const runModule = fileURLToPath(new URL('./fixtures/run-module.mjs', import.meta.url))

describe('TypeScript task modules on worker processes', () => {
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
