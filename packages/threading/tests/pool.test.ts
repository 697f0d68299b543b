import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { multitask, parallelBackend } from '@multitask/core'
import { poolStats, shutdown, threadingBackend } from '@multitask/threading'
import { eventually } from './helpers.js'

afterAll(() => shutdown())

const range = (n: number) => Array.from({ length: n }, (_, i) => i)
// The first nJobs tasks wait for each other, so each of them holds a thread of its own:
// a call reports exactly the threads its pool had, however fast they started.
const threadOf = (args: { arrived: Int32Array; nJobs: number }, _i: number) => {
  if (Atomics.add(args.arrived, 0, 1) < args.nJobs) {
    const deadline = Date.now() + 20_000
    while (Atomics.load(args.arrived, 0) < args.nJobs && Date.now() < deadline) Atomics.wait(args.arrived, 1, 0, 1)
  }
  return process.getBuiltinModule('node:worker_threads').threadId
}
const threadsUsed = async (nJobs: number, options: Record<string, unknown> = {}) => {
  const args = { arrived: new Int32Array(new SharedArrayBuffer(8)), nJobs }
  return new Set(await parallelBackend('threading', { nJobs, ...options }, () => multitask(threadOf, range(60), args, null)))
}

describe('the pool', () => {
  it('is reused across calls', async () => {
    const first = await threadsUsed(2)
    const second = await threadsUsed(2)
    expect(first.size).toBe(2)
    expect(second).toEqual(first)
    expect(poolStats()).toEqual({ threads: 2, busy: 0, starting: 0, queued: 0 })
  })

  it('starts its threads at warmUp, before any call, and the next call runs on them', async () => {
    await shutdown()
    const backend = threadingBackend()
    backend.warmUp!(2)
    await eventually(() => poolStats().threads === 2 && poolStats().starting === 0)
    expect(await threadsUsed(2)).toHaveProperty('size', 2)
    expect(poolStats().threads).toBe(2) // the call started no thread of its own
  })

  it('grows and shrinks with nJobs', async () => {
    const two = await threadsUsed(2)
    const three = await threadsUsed(3)
    expect(three.size).toBe(3)
    expect([...two].every((id) => three.has(id))).toBe(true) // grown, not replaced
    expect(poolStats().threads).toBe(3)
    const again = await threadsUsed(2)
    expect(again.size).toBe(2)
    expect(poolStats().threads).toBe(2)
  })

  it('ends idle threads after idleTimeout, and starts new ones when needed', async () => {
    await shutdown()
    expect(poolStats().threads).toBe(0)
    const first = await threadsUsed(2, { idleTimeout: 100 })
    await eventually(() => poolStats().threads === 0)
    const next = await threadsUsed(2, { idleTimeout: 100 })
    expect(next.size).toBe(2)
    expect([...next].some((id) => first.has(id))).toBe(false)
  })

  it('shutdown() ends every thread, and a later call starts a new pool', async () => {
    await threadsUsed(2)
    await shutdown()
    expect(poolStats()).toEqual({ threads: 0, busy: 0, starting: 0, queued: 0 })
    expect((await threadsUsed(2)).size).toBe(2)
  })

  it('does not keep a script alive: it exits by itself after its calls', async () => {
    const script = fileURLToPath(new URL('./fixtures/exits-by-itself.mjs', import.meta.url))
    // A pool that kept the process alive would hit the timeout, which kills the script and fails the test.
    const { stdout } = await promisify(execFile)(process.execPath, [script], { timeout: 20_000 })
    expect(JSON.parse(stdout)).toEqual([
      [10, 11, 12, 13, 14],
      [10, 11, 12, 13, 14],
    ])
  })
})
