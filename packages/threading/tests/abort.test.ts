import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { AbortError, multitask, TimeoutError } from '@multitask/core'
import { poolStats, shutdown } from '@multitask/threading'

afterAll(() => shutdown())

const range = (n: number) => Array.from({ length: n }, (_, i) => i)
const threaded = { jobs: 2, forceThreading: true } as const
// Task 0 fails at once; the others would block their thread for a minute.
const failFirst = (_: null, i: number) => {
  if (i === 0) throw new Error('first task failed')
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000)
  return i
}
const sleepLong = (_: null, i: number) => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000)
  return i
}

describe('stopping a call', () => {
  it('a task error abandons the other tasks and leaves no thread running them', async () => {
    await expect(multitask(failFirst, range(8), null, null, { ...threaded, timeout: 120_000 })).rejects.toThrow('first task failed')
    const stats = poolStats()
    expect(stats.busy).toBe(0)
    expect(stats.queued).toBe(0)
    expect(await multitask((_: null, i: number) => i + 1, range(4), null, null, threaded)).toEqual([1, 2, 3, 4])
  })

  it('a per-task timeout ends the thread running the late task', async () => {
    const error = await multitask(sleepLong, range(4), null, null, { ...threaded, timeout: 200 }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TimeoutError)
    expect(poolStats().busy).toBe(0)
    expect(await multitask((_: null, i: number) => -i, range(3), null, null, threaded)).toEqual([-0, -1, -2])
  })

  it('an abort signal ends the threads running the call', async () => {
    const controller = new AbortController()
    const pending = multitask(sleepLong, range(4), null, null, { ...threaded, signal: controller.signal })
    setTimeout(() => controller.abort(new Error('user gave up')), 200)
    const error = await pending.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AbortError)
    expect(poolStats().busy).toBe(0)
  })

  it('a failed call whose other batch finishes while its thread is stopped neither ends the program nor fails the next call', async () => {
    // Found by tools/reliability's soak: the thread being terminated was unref'd and put back to idle.
    const script = fileURLToPath(new URL('./fixtures/failing-calls.mjs', import.meta.url))
    const { stdout } = await promisify(execFile)(process.execPath, [script], { timeout: 30_000 })
    expect(stdout).toBe('done, 50 failed as planned\n')
  })
})
