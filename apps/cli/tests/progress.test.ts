import { spawn } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { cli, MAIN, TASKS } from './helpers.js'

/** Runs the CLI under a pseudo-terminal with util-linux `script`, returning everything the terminal showed. */
function underTerminal(args: readonly string[]): Promise<{ code: number | null; screen: string }> {
  const command = [process.execPath, MAIN, ...args].map((word) => `'${word.replaceAll("'", "'\\''")}'`).join(' ')
  const child = spawn('script', ['-qfec', command, '/dev/null'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, MULTITASK_BACKEND: '', TERM: 'xterm' } })
  let screen = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (screen += chunk))
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, screen }))
  })
}

const RUN = ['run', `${TASKS}#sleep`, '--range', '0:20', '--args', '30']
const BAR = /20\/20 tasks \| [\d.]+\/s \| ETA \d+s/

describe('progress bar', () => {
  it('shows the count, the rate and the ETA when stderr is a terminal', async () => {
    const { code, screen } = await underTerminal(RUN)
    expect(code).toBe(0)
    expect(screen).toMatch(BAR)
    expect(screen).toMatch(/100% \| 20\/20 tasks/)
    expect(screen).toContain('[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19]')
  })

  it('estimates the time left from the tasks after the first, so a slow start does not inflate it (issue 17)', async () => {
    // 2 s before the first task finishes, then 40 ms per task: about 1.5 s of work is left once tasks flow.
    const { code, screen } = await underTerminal(['run', `${TASKS}#slowStart`, '--range', '0:40', '--args', '{"first":2000,"rest":40}'])
    expect(code).toBe(0)
    const frames = [...screen.matchAll(/(\d+)\/40 tasks \| [\d.-]+\/s \| ETA (\d+)s/g)].map((m) => ({ done: Number(m[1]), eta: Number(m[2]) }))
    const flowing = frames.filter((frame) => frame.done >= 3 && frame.done <= 35)
    expect(flowing.length).toBeGreaterThan(0)
    expect(Math.max(...flowing.map((frame) => frame.eta))).toBeLessThanOrEqual(5)
  })

  it('is off with --no-progress and with --quiet, even on a terminal', async () => {
    for (const flag of ['--no-progress', '--quiet']) {
      const { code, screen } = await underTerminal([...RUN, flag])
      expect(code).toBe(0)
      expect(screen).not.toMatch(/tasks \|/)
      expect(screen).toContain('[0,1,2,3')
    }
  })

  it('is off when stderr is a pipe', async () => {
    const { code, stderr } = await cli(RUN)
    expect([code, stderr]).toEqual([0, ''])
  })
})
