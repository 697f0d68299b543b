import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

// Issue 17: scratch folders the tools leave in the repository never show up as changes.
const root = fileURLToPath(new URL('../../..', import.meta.url))

describe('.gitignore', () => {
  it.each(['.probe/run-1/out.json', '.conformance/deno/log.txt', '.scratch/x', 'tools/bench/dist/cli.js', 'packages/core/.nx/cache'])(
    'ignores %s',
    (path) => {
      const check = spawnSync('git', ['check-ignore', '--no-index', '-q', path], { cwd: root })
      expect(check.error).toBeUndefined()
      expect(check.status).toBe(0) // 0: ignored, 1: not ignored
    },
  )
})
