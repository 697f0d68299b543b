import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { cli } from './helpers.js'

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }

describe('help and version', () => {
  it('--help lists the commands, examples and exit codes on stdout', async () => {
    const { code, stdout, stderr } = await cli(['--help'])
    expect([code, stderr]).toEqual([0, ''])
    expect(stdout).toMatch(/^Usage: multitask \[options\] \[command\]/)
    expect(stdout).toMatch(/run \[options\] <module>/)
    expect(stdout).toMatch(/backends/)
    expect(stdout).toMatch(/\$ multitask run tasks\.js#square --range 0:10/)
    expect(stdout).toMatch(/Exit codes: 0 success, 1 a task failed, 2 usage error, 130 interrupted/)
  })

  it('run --help documents every option, the two forms, JSON results and the examples', async () => {
    const { code, stdout } = await cli(['run', '--help'])
    expect(code).toBe(0)
    for (const option of ['--range', '--items', '--args', '--kwargs', '--jobs', '--backend', '--skip', '--max-nbytes', '--force-threading', '--force-processes', '--timeout', '--ndjson', '--out', '--no-progress', '--quiet', '--verbose']) {
      expect(stdout).toContain(option)
    }
    expect(stdout).toContain('fn(args, kwargs, item)')
    expect(stdout).toContain('Results must be JSON-serializable')
    expect(stdout).toMatch(/\$ printf .* \| multitask run tasks\.js#square --items -/)
    expect((await cli(['help', 'run'])).stdout).toBe(stdout)
  })

  it('--version and -V print the package version', async () => {
    expect(await cli(['--version'])).toMatchObject({ code: 0, stdout: `${version}\n` })
    expect(await cli(['-V'])).toMatchObject({ code: 0, stdout: `${version}\n` })
  })

  it('no command prints the help on stderr and exits 2', async () => {
    const { code, stdout, stderr } = await cli([])
    expect([code, stdout]).toEqual([2, ''])
    expect(stderr).toMatch(/^Usage: multitask/)
  })
})
