// The README's example program, run as the README says (`npx tsx examples/add-ten.ts`),
// on Node, Deno and Bun: it must print the seed's results and exit by itself.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { stripVTControlCharacters } from 'node:util'
import { describe, expect, it } from 'vitest'

const repo = fileURLToPath(new URL('../../../', import.meta.url))
const bin = (name: string) => join(repo, 'node_modules', '.bin', name)
const example = join(repo, 'examples', 'add-ten.ts')

const runtimes: Record<string, string[]> = {
  'node (tsx)': [bin('tsx')],
  deno: [bin('deno'), 'run', '-A'],
  bun: [bin('bun')],
}

describe('examples/add-ten.ts', () => {
  for (const [runtime, command] of Object.entries(runtimes)) {
    it(`prints the seed's results and exits by itself on ${runtime}`, () => {
      const [file, ...args] = command
      // A program that does not exit by itself is killed by the timeout and fails here.
      const run = spawnSync(file!, [...args, example], { cwd: repo, encoding: 'utf8', timeout: 60_000 })
      expect(run.signal, run.stderr).toBeNull()
      expect(run.status, run.stderr).toBe(0)
      // Under Nx, FORCE_COLOR reaches the runtimes, whose console.log then colours numbers.
      expect(stripVTControlCharacters(run.stdout).trim().split('\n')).toEqual([
        '[ 10, 11, 12, 13, 14 ]',
        '[ 10, 11, 13, 14 ]',
        '[ 10, 11, 12, 13, 14 ]',
        expect.stringMatching(/^1000 squares on \d+ of \d+ CPUs, the last one 998001$/),
      ])
    }, 70_000)
  }
})
