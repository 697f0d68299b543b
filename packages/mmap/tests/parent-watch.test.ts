// watchParent's native thread ends a process whose parent is gone, even while its main
// thread never yields, and removes the folders it was given first.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { removeWithParent, watchParent } from '../dist/index.js'

const INDEX = fileURLToPath(new URL('../dist/index.js', import.meta.url))

let folder: string
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'parent-watch-test-'))
})
afterEach(() => rmSync(folder, { recursive: true, force: true }))

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

async function until(condition: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25))
  return condition()
}

describe('watchParent', () => {
  it('ends a busy child whose parent was killed with SIGKILL, after removing the folders it was given', async () => {
    const doomed = join(folder, 'segments')
    mkdirSync(join(doomed, 'inner'), { recursive: true })
    writeFileSync(join(doomed, 'inner', '0.bin'), 'x')
    // The child watches its parent, then spins forever: only the native thread can end it.
    const child = `
      const { watchParent, removeWithParent } = await import(${JSON.stringify(INDEX)})
      if (!watchParent(process.ppid, 50)) process.exit(3)
      removeWithParent(${JSON.stringify(doomed)})
      console.log(\`watching \${process.pid}\`) // a string: FORCE_COLOR would colour a number
      for (;;) {}
    `
    // The parent says how its child ended, should it end before the parent is killed.
    const parent = `
      const { spawn } = await import('node:child_process')
      const c = spawn(process.execPath, ['--input-type=module', '-e', ${JSON.stringify(child)}], { stdio: ['ignore', 'inherit', 'inherit'] })
      c.on('exit', (code, signal) => console.log(\`child ended: \${code} \${signal}\`))
      setInterval(() => {}, 1000)
    `
    const p = spawn(process.execPath, ['--input-type=module', '-e', parent], { stdio: ['ignore', 'pipe', 'inherit'] })
    let output = ''
    p.stdout!.on('data', (chunk) => (output += chunk))
    const watching = () => /watching (\d+)\n/.exec(output)
    let childPid: number | undefined
    try {
      expect(await until(() => watching() !== null || output.includes('child ended'), 10_000), output).toBe(true)
      childPid = Number(watching()?.[1])
      expect(isRunning(childPid), `the child before its parent is killed: ${output}`).toBe(true)
      p.kill('SIGKILL')
      await once(p, 'exit')
      expect(await until(() => !isRunning(childPid!), 5_000)).toBe(true)
      expect(existsSync(doomed)).toBe(false)
      expect(existsSync(folder)).toBe(true) // only what it was given
    } finally {
      // A failed run leaves no spinning process behind.
      if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL')
      if (childPid !== undefined && isRunning(childPid)) process.kill(childPid, 'SIGKILL')
    }
  })

  it('says false when the pid given is not its parent, and checks its arguments', () => {
    expect(watchParent(process.ppid === 1 ? 2 : 1)).toBe(false)
    expect(() => watchParent(0)).toThrow(RangeError)
    expect(() => watchParent(process.ppid, -5)).toThrow(/intervalMs must be a positive integer/)
    expect(() => removeWithParent('')).toThrow(TypeError)
  })
})
