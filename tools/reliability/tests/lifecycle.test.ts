import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { describe, expect } from 'vitest'
import { descendants, isRunning } from '../src/probes.ts'
import { BACKENDS, row, watchdog } from './backends.ts'

const script = fileURLToPath(new URL('./fixtures/call-script.mjs', import.meta.url))

function start(backend: string, mode: 'exit' | 'busy'): { child: ChildProcess; output: () => string; line: Promise<string> } {
  const child = spawn(process.execPath, [script, backend, mode], { stdio: ['ignore', 'pipe', 'inherit'] })
  let output = ''
  const line = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      output += chunk
      if (output.includes('\n')) resolve(output.split('\n')[0]!)
    })
    child.once('exit', (code, signal) => reject(new Error(`the script ended (${code ?? signal}) before printing`)))
  })
  line.catch(() => undefined)
  return { child, output: () => output, line }
}

async function gone(pids: readonly number[], ms = 5_000): Promise<number[]> {
  const deadline = Date.now() + ms
  while (pids.some(isRunning) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50))
  return pids.filter(isRunning)
}

/** Descendants of `pid` once `count` of them run (the workers of a busy call), up to 10 s. */
async function workersOf(pid: number, count: number): Promise<number[]> {
  const deadline = Date.now() + 10_000
  while (descendants(pid).length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50))
  return descendants(pid)
}

describe.each(BACKENDS)('the life of a program on $name', (b) => {
  row(b, 'a script that calls multitask exits by itself, with code 0, leaving no process', {}, async () => {
    const { child, line } = start(b.name, 'exit')
    expect(await line).toBe('[0,1,2,3]')
    const workers = descendants(child.pid!)
    const [code] = await watchdog(once(child, 'exit'), 20_000, 'the script exiting by itself')
    expect(code).toBe(0)
    expect(await gone(workers)).toEqual([])
  }, 30_000)

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    row(b, `${signal} to the parent during a call ends it, and leaves no worker process (process table)`, {}, async () => {
      const { child, line } = start(b.name, 'busy')
      expect(await line).toBe('busy')
      // Processes show in the process table; threads and series have none to leave behind.
      const workers = await workersOf(child.pid!, b.name === 'loky' ? 2 : 0)
      expect(workers).toHaveLength(b.name === 'loky' ? 2 : 0)
      child.kill(signal)
      const [code, by] = await watchdog(once(child, 'exit'), 10_000, `the script ending on ${signal}`)
      // multitask installs no handler that would swallow the signal: the default action ends the program.
      expect({ code, by }).toEqual({ code: null, by: signal })
      expect(await gone([child.pid!, ...workers])).toEqual([])
    }, 30_000)
  }
})
