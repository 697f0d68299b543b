// The example backend of docs/writing-a-backend.md (examples/child-process-backend) must pass
// the conformance kit, with real worker processes. Its TypeScript runs as users run it:
// through tsx, here and in the processes it forks.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defineConformanceTests } from '@multitask/core/backend'
import { createChildProcessBackend, shutdown } from '../../../examples/child-process-backend/backend.ts'

/** Running child processes of this process, from the process table (Linux). */
function liveChildren(): number {
  const listed = readFileSync(`/proc/${process.pid}/task/${process.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)
  return listed.filter((pid) => {
    try {
      return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
    } catch {
      return false // gone between the two reads
    }
  }).length
}

defineConformanceTests(
  { describe, it, skip: it.skip, beforeAll, afterAll },
  {
    backend: 'child-process',
    backendOptions: { execArgv: ['--import', 'tsx'] },
    capabilities: createChildProcessBackend(),
    shutdown,
    liveWorkers: liveChildren,
    teardown: shutdown,
  },
)

describe('a program on the example backend', () => {
  // Regression: terminate() awaited the exit of idle, unref'd workers, so a program ended
  // in the middle of `await shutdown()` (exit code 13, an unsettled top-level await).
  it('awaits shutdown() at top level, calls again, and exits by itself with code 0', () => {
    const tsx = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url))
    const program = fileURLToPath(new URL('../fixtures/child-process-program.ts', import.meta.url))
    // A program that does not exit by itself is killed by the timeout and fails here.
    const run = spawnSync(tsx, [program], { encoding: 'utf8', timeout: 60_000 })
    expect(run.signal, run.stderr).toBeNull()
    expect(run.status, run.stderr).toBe(0)
    expect(run.stdout.trim().split('\n')).toEqual(['[15,16,17]', '[15,16,17]'])
  }, 70_000)
})
