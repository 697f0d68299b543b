import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { cli, MAIN } from './helpers.js'

const PACKAGE = fileURLToPath(new URL('..', import.meta.url))

/** The `$ multitask run ...` example lines of a help text. */
function runExamples(help: string): string[] {
  return help
    .split('\n')
    .map((line) => /^ {2}\$ (.*?)(?:\s+# .*)?$/.exec(line)?.[1])
    .filter((line): line is string => line !== undefined && /(^|\| )multitask run /.test(line))
}

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }

describe('help and version', () => {
  it('--help lists the commands, examples and exit codes on stdout', async () => {
    const { code, stdout, stderr } = await cli(['--help'])
    expect([code, stderr]).toEqual([0, ''])
    expect(stdout).toMatch(/^Usage: multitask \[options\] \[command\]/)
    expect(stdout).toMatch(/run \[options\] <module>/)
    expect(stdout).toMatch(/backends/)
    expect(stdout).toMatch(/\$ multitask run examples\/tasks\.mjs#square --range 0:10/)
    expect(stdout).toMatch(/Exit codes: 0 success, 1 a task failed, 2 usage error, 130 interrupted/)
  })

  it('run --help documents every option, the two forms, JSON results and the examples', async () => {
    const { code, stdout } = await cli(['run', '--help'])
    expect(code).toBe(0)
    for (const option of ['--range', '--items', '--args', '--kwargs', '--jobs', '--backend', '--skip', '--max-nbytes', '--force-threading', '--force-processes', '--timeout', '--max-tasks-per-worker', '--worker-memory-limit', '--idle-timeout', '--ndjson', '--out', '--no-progress', '--quiet', '--verbose']) {
      expect(stdout).toContain(option)
    }
    expect(stdout).toContain('fn(args, kwargs, item)')
    expect(stdout).toContain('Results must be JSON-serializable')
    expect(stdout).toMatch(/\$ printf .* \| multitask run examples\/tasks\.mjs#square --items -/)
    expect((await cli(['help', 'run'])).stdout).toBe(stdout)
  })

  it('every run example of the help runs as printed, from the package folder', async () => {
    const examples = [...runExamples((await cli(['--help'])).stdout), ...runExamples((await cli(['run', '--help'])).stdout)]
    expect(examples.length).toBeGreaterThanOrEqual(8)
    // `multitask` is the bin a user has on the PATH; output files go to a temp folder.
    const out = mkdtempSync(join(tmpdir(), 'multitask-help-'))
    try {
      for (const example of examples) {
        const command = `multitask() { node ${JSON.stringify(MAIN)} "$@"; }; ${example.replace(/--out (\S+)/, `--out ${out}/$1`).replace(/> (\S+)$/, `> ${out}/$1`)}`
        const run = spawnSync('bash', ['-c', command], { cwd: PACKAGE, encoding: 'utf8', timeout: 60_000, env: { ...process.env, MULTITASK_BACKEND: '' } })
        expect(run.status, `${example}\n${run.stderr}`).toBe(0)
      }
    } finally {
      rmSync(out, { recursive: true, force: true })
    }
  }, 240_000)

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
