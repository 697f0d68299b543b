import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { finished, start, TASKS, waitFor } from './helpers.js'

/** Pids of the live child processes of `pid`, from `ps`. */
function childrenOf(pid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map(Number)
  } catch {
    return [] // ps exits 1 when it lists nothing
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let k = 0; k < 200; k++) {
    if (condition()) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`timed out waiting for ${what}`)
}

// Tasks that busy-loop for a minute: only stopping their workers ends them in time.
const SPIN = ['run', `${TASKS}#spin`, '--range', '0:4', '--args', '60000', '--jobs', '2', '--verbose']

describe('Ctrl-C (SIGINT)', () => {
  it('stops a loky run, leaves no worker process, exits 130', async () => {
    const child = start([...SPIN, '--backend', 'loky'])
    const done = finished(child)
    await until(() => childrenOf(child.pid!).length >= 2, 'the worker processes')
    const workers = childrenOf(child.pid!)
    child.kill('SIGINT')
    const { code, stdout, stderr } = await done
    expect(code).toBe(130)
    expect(stdout).toBe('')
    expect(stderr).toContain('multitask: interrupted; the running tasks were stopped.')
    expect(childrenOf(child.pid!)).toEqual([])
    expect(workers.filter(isAlive)).toEqual([])
  })

  it('stops a threading run of busy tasks, exits 130', async () => {
    const child = start([...SPIN, '--backend', 'threading'])
    const done = finished(child)
    await waitFor(child, 'stderr', /on threading \(--backend\) with 2 workers/)
    await new Promise((resolve) => setTimeout(resolve, 300)) // let the tasks start spinning
    child.kill('SIGINT')
    const { code, stdout, stderr } = await done
    expect(code).toBe(130)
    expect(stdout).toBe('')
    expect(stderr).toContain('multitask: interrupted')
    expect(childrenOf(child.pid!)).toEqual([])
  })

  it('stops a series run between tasks, exits 130', async () => {
    const child = start(['run', `${TASKS}#spin`, '--range', '0:10000', '--args', '20', '--verbose'])
    const done = finished(child)
    await waitFor(child, 'stderr', /in series/)
    child.kill('SIGINT')
    const { code, stdout } = await done
    expect([code, stdout]).toEqual([130, ''])
  })
})
