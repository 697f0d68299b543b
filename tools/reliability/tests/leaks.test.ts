import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect } from 'vitest'
import { AbortError } from '@multitask/core'
import { settledGrowth, snapshot, tempFolders } from '../src/probes.ts'
import { BACKENDS, double, endAll, range, rejectionOf, row, watchdog } from './backends.ts'

// A folder of our own for the loky backend's temp folders, so other programs' folders do not count.
const tempRoot = mkdtempSync(join(tmpdir(), 'reliability-'))
const previousTemp = process.env.MULTITASK_TEMP_FOLDER

beforeAll(() => {
  process.env.MULTITASK_TEMP_FOLDER = tempRoot
})
afterAll(async () => {
  await endAll()
  if (previousTemp === undefined) delete process.env.MULTITASK_TEMP_FOLDER
  else process.env.MULTITASK_TEMP_FOLDER = previousTemp
  rmSync(tempRoot, { recursive: true, force: true })
})

// Larger than maxNbytes, so every call shares it: a shared-memory file on loky (kept between
// calls in one folder), a SharedArrayBuffer on threading (kept too).
const args = { scale: 3, table: new Uint8Array(4096).fill(7) }
const scaled = (a: { scale: number; table: Uint8Array }, i: number) => a.scale * i + a.table[i]!

describe.each(BACKENDS)('leaks on $name', (b) => {
  row(b, '1,000 consecutive calls leave handles, child processes, threads, temp folders and process listeners as they were', {}, async () => {
    // The pool at full size is part of the baseline: tasks of 50 ms go one per batch, so every
    // worker starts (a call of tiny tasks may be one batch, which starts one worker).
    const sleepy = async (_: unknown, i: number) => new Promise((resolve) => setTimeout(() => resolve(i), 50))
    await b.run(sleepy, range(4), args, null, { maxNbytes: 1024 })
    await b.run(scaled, range(4), args, null, { maxNbytes: 1024 })
    const before = snapshot()
    for (let call = 0; call < 1000; call++) {
      const result = await watchdog(b.run(scaled, range(4), args, null, { maxNbytes: 1024 }), 30_000, `call ${call}`)
      if (result[3] !== 16) throw new Error(`call ${call} returned ${JSON.stringify(result)}`)
    }
    expect(await settledGrowth(before)).toEqual([])
    // The folder check is real only if calls do create folders: on loky the calls share one,
    // kept with its file for the next call, and gone once the backend shuts down.
    expect(tempFolders()).toHaveLength(b.name === 'loky' ? 1 : 0)
    if (b.name === 'loky') {
      const slowScaled = async (a: { scale: number }, i: number) => new Promise((resolve) => setTimeout(() => resolve(a.scale * i), 300))
      const running = b.run(slowScaled, range(2), args, null, { maxNbytes: 1024 })
      await new Promise((resolve) => setTimeout(resolve, 150))
      expect(tempFolders()).toHaveLength(1)
      expect(await running).toEqual([0, 3])
      await b.shutdown()
      expect(tempFolders()).toEqual([])
    }
  }, 120_000)

  row(b, '100 aborted calls leave handles, child processes, threads, temp folders and process listeners as they were', {}, async () => {
    await b.run(double, range(4), args, null, { maxNbytes: 1024 }) // the pool, and the file kept for `args`, are part of the baseline
    const before = snapshot()
    // Async tasks, so that series can be aborted too (a synchronous task cannot be interrupted in its own thread).
    const slow = async (a: { table: Uint8Array }, i: number) => {
      await new Promise((resolve) => setTimeout(resolve, 20))
      return i + a.table[0]!
    }
    for (let call = 0; call < 100; call++) {
      const controller = new AbortController()
      const reason = new Error(`stop call ${call}`)
      setTimeout(() => controller.abort(reason), 5 + (call % 4) * 10)
      const error = await rejectionOf(b.run(slow, range(40), args, null, { maxNbytes: 1024, signal: controller.signal }))
      expect(error).toBeInstanceOf(AbortError)
      expect((error as Error).cause).toBe(reason)
    }
    expect(await b.run(double, range(4), null)).toEqual([0, 2, 4, 6])
    expect(await settledGrowth(before)).toEqual([])
    expect(tempFolders()).toEqual(before.tempFolders)
  }, 120_000)
})
