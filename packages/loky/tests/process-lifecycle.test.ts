import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { meeting, removeMeetings } from './fixtures/meeting.ts'
import { busyAmong, waitUntilGone } from './fixtures/process-table.ts'

// The scripts' tasks meet in a folder made (and removed) here: a killed script cannot clean up.
afterAll(removeMeetings)

function script(name: string, args: string[] = [], env: NodeJS.ProcessEnv = process.env) {
  const child = spawn(process.execPath, [fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), meeting(2).folder, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env,
  })
  let output = ''
  child.stdout.on('data', (chunk) => (output += chunk))
  const firstLine = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => output.includes('\n') && resolve(output.split('\n')[0]!))
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code} before printing`)))
  })
  return { child, firstLine }
}

describe('worker processes and the life of the caller', () => {
  for (const mode of [undefined, 'warm-up', 'idle-forever'] as const) {
    const when = mode === 'warm-up' ? ', its workers started by a warm-up before the call,' : mode === 'idle-forever' ? ' and idleTimeout: Infinity' : ''
    it(`lets a script that called multitask with jobs: 2${when} exit by itself, and its workers with it`, async () => {
      const { child, firstLine } = mode === undefined ? script('exits-by-itself.mjs') : script('exits-by-itself.mjs', [mode])
      const pids = JSON.parse(await firstLine) as number[]
      expect(pids).toHaveLength(2)
      const [code] = await Promise.race([
        once(child, 'exit'),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the script did not exit by itself')), 15_000)),
      ])
      expect(code).toBe(0)
      expect(await waitUntilGone(pids)).toEqual([])
    })
  }

  // A busy worker is ended by a native thread of @multitask/mmap, or by a worker thread where the addon is not used.
  const addonOff = { ...process.env, MULTITASK_MMAP: '0' }
  for (const [signal, env, which] of [
    ['SIGTERM', process.env, ''],
    ['SIGINT', process.env, ''],
    ['SIGKILL', process.env, ''],
    ['SIGKILL', addonOff, ' (addon off: the worker-thread watchdog)'],
  ] as const) {
    it(`leaves no worker running when the caller is killed with ${signal} during a call${which}`, async () => {
      const { child, firstLine } = script('killed-while-busy.mjs', [], env)
      const pids = JSON.parse(await firstLine) as number[]
      expect(await busyAmong(pids, 300)).toHaveLength(2) // both met and are in the middle of a minute-long task
      child.kill(signal)
      await once(child, 'exit')
      expect(await waitUntilGone(pids, 5_000)).toEqual([])
    })
  }
})
