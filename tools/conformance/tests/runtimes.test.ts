// Runs conformance.mjs on each runtime as a user would: a real node, deno and bun
// process each, which must pass every check, exit by itself and leave no worker behind.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, '..')
// The root dev dependencies `deno` and `bun` install the real binaries.
const bin = (name: string) => join(root, '..', '..', 'node_modules', '.bin', name)

const runtimes: Record<string, string[]> = {
  node: [process.execPath],
  deno: [bin('deno'), 'run', '-A'],
  bun: [bin('bun')],
}

function runScript(command: readonly string[], script: string) {
  const [file, ...args] = command
  // A hang is killed by the timeout and then shows as a signal.
  const child = spawnSync(file!, [...args, script], { cwd: root, encoding: 'utf8', timeout: 100_000 })
  return { ...child, output: `${child.stdout}\n${child.stderr}` }
}

/** Whether `pid` runs (a zombie, dead but not reaped, counts as gone). */
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z'
  } catch {
    return false
  }
}

async function stillRunning(pids: readonly number[], ms = 5_000): Promise<number[]> {
  const deadline = Date.now() + ms
  for (;;) {
    const left = pids.filter(isRunning)
    if (left.length === 0 || Date.now() > deadline) return left
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

describe.each(Object.keys(runtimes))('on %s', (name) => {
  it('passes the conformance suite, exits by itself and leaves no worker process', async () => {
    const child = runScript(runtimes[name]!, 'conformance.mjs')
    const { output } = child
    expect(child.signal, `${name} hung and was killed:\n${output}`).toBeNull()
    expect(output).not.toMatch(/^not ok/m)
    expect(output).not.toMatch(/Uncaught|unhandled/i)
    expect(output).toMatch(/^\d+ passed, 0 failed$/m)
    expect(child.status, output).toBe(0)
    const pids = JSON.parse(/^worker pids: (.*)$/m.exec(output)![1]!) as number[]
    expect(pids).toHaveLength(2)
    expect(await stillRunning(pids)).toEqual([])
  })
})

describe('on deno without --allow-run', () => {
  it('runs loky calls on threads with one warning, and never forks', () => {
    const child = runScript([bin('deno'), 'run', '--allow-read', '--allow-write', '--allow-env', '--allow-sys'], 'fixtures/without-subprocesses.mjs')
    const { output } = child
    expect(child.signal, `deno hung and was killed:\n${output}`).toBeNull()
    expect(child.status, output).toBe(0)
    expect(child.stdout.trim()).toBe('ok')
    expect(child.stderr.match(/MULTITASK_NO_WORKER_PROCESSES/g), output).toHaveLength(1)
    expect(child.stderr).toMatch(/Deno \d+\.\d+\.\d+ may not start worker processes: it runs without --allow-run/)
  })
})
