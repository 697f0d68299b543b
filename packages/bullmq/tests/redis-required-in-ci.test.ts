import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

// Issue 17: without redis-server the Redis tests skip locally, but a CI run must fail.
const packageDir = fileURLToPath(new URL('..', import.meta.url))
const vitest = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs')

function runWithoutRedis(ci: string | undefined) {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: '' } // no redis-server to be found
  delete env.CI
  if (ci !== undefined) env.CI = ci
  return spawnSync(process.execPath, [vitest, 'run', 'tests/results.test.ts'], { cwd: packageDir, env, encoding: 'utf8', timeout: 120_000 })
}

describe('the Redis tests without redis-server', () => {
  it('fail the run when CI is set', () => {
    const run = runWithoutRedis('true')
    expect(run.status).not.toBe(0)
    expect(run.stdout + run.stderr).toContain('redis-server is not on the PATH, and CI is set')
  })

  it('skip with one line saying why outside CI', () => {
    const run = runWithoutRedis(undefined)
    expect(run.status).toBe(0)
    expect(run.stdout + run.stderr).toContain('SKIPPING the Redis tests')
  })
})
