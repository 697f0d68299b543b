// Whether loky's workers map large arguments (@multitask/mmap) or copy them is reported by
// `multitask backends` and `--verbose`: a missing or unloadable addon is never silent.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { cli, TASKS } from './helpers.js'

// node-gyp-build looks for the addon in the folder this variable names instead of the
// package's own: an empty folder is a platform for which no binary was built.
const empty = mkdtempSync(join(tmpdir(), 'multitask-no-prebuild-'))
const NO_BINARY = { '@MULTITASK/MMAP_PREBUILD': empty }
afterAll(() => rmSync(empty, { recursive: true, force: true }))

describe('large arguments on loky', () => {
  it('are reported as mapped when the addon loads', async () => {
    const { code, stdout } = await cli(['backends'])
    expect(code).toBe(0)
    expect(stdout).toContain('\nloky large arguments: mapped by the workers (@multitask/mmap)\n')
  })

  it('are reported as copied, with the reason, when no binary loads', async () => {
    const { code, stdout } = await cli(['backends'], { env: NO_BINARY })
    expect(code).toBe(0)
    expect(stdout).toMatch(/\nloky large arguments: copied into each worker, because @multitask\/mmap does not load here: No native build was found for platform=linux .*\n/)
  })

  it('are in the JSON report', async () => {
    const mapped = JSON.parse((await cli(['backends', '--json'])).stdout) as { backends: { name: string; largeArguments?: unknown }[] }
    expect(mapped.backends.find((b) => b.name === 'loky')?.largeArguments).toEqual({ mapped: true })
    const off = JSON.parse((await cli(['backends', '--json'], { env: { MULTITASK_MMAP: '0' } })).stdout) as typeof mapped
    expect(off.backends.find((b) => b.name === 'loky')?.largeArguments).toEqual({ mapped: false, reason: 'MULTITASK_MMAP=0 is set' })
  })

  it('are reported by --verbose before a run on loky, which still runs right', async () => {
    const { code, stdout, stderr } = await cli(['run', `${TASKS}#square`, '--range', '0:6', '--jobs', '2', '--backend', 'loky', '--verbose'], { env: NO_BINARY })
    expect(code, stderr).toBe(0)
    expect(JSON.parse(stdout)).toEqual([0, 1, 4, 9, 16, 25])
    expect(stderr).toMatch(/on loky \(--backend\) with 2 workers; \d+ CPUs; loky large arguments: copied into each worker, because @multitask\/mmap does not load here: No native build/)
  })

  it('are not mentioned for a run on threads', async () => {
    const { stderr } = await cli(['run', `${TASKS}#square`, '--range', '0:4', '--jobs', '2', '--backend', 'threading', '--verbose'])
    expect(stderr).toContain('on threading (--backend) with 2 workers')
    expect(stderr).not.toContain('large arguments')
  })
})
