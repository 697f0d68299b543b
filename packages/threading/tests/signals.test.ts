import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

describe('signal handling (no handler of its own, unlike threads.js #388)', () => {
  it('importing the package adds no SIGINT or SIGTERM listener', async () => {
    const before = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') }
    const { multitask } = await import('@multitask/core')
    const { shutdown } = await import('@multitask/threading')
    expect(await multitask((_: null, i: number) => i, [1, 2], null, null, { jobs: 2, forceThreading: true })).toEqual([1, 2])
    expect(process.listeners('SIGINT')).toEqual(before.SIGINT)
    expect(process.listeners('SIGTERM')).toEqual(before.SIGTERM)
    await shutdown()
  })

  it("leaves a script's own SIGINT handler in control", async () => {
    const script = fileURLToPath(new URL('./fixtures/own-sigint.mjs', import.meta.url))
    const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    let sent = false
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk
      if (out.includes('ready\n') && !sent) sent = child.kill('SIGINT')
    })
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
    const code = await exited
    clearTimeout(timer)
    expect(out.trim().split('\n')).toEqual(['ready', 'handled SIGINT', '[[2,4,6],[3,6,9]]'])
    expect(code).toBe(0)
  })
})
