import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { multitask, parallelBackend } from '@multitask/core'
import { createLokyBackend, type LokyBackend, type LokyOptions } from '@multitask/loky'
import { waitUntilGone } from './fixtures/process-table.ts'

// Segment folders go to a base of this test's own, so what is left behind can be seen.
let base: string
const before = process.env.MULTITASK_TEMP_FOLDER
const backends: LokyBackend[] = []

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'loky-pool-test-'))
  process.env.MULTITASK_TEMP_FOLDER = base
})
afterEach(async () => {
  await Promise.all(backends.splice(0).map((backend) => backend.terminate!()))
})
afterAll(() => {
  if (before === undefined) delete process.env.MULTITASK_TEMP_FOLDER
  else process.env.MULTITASK_TEMP_FOLDER = before
  rmSync(base, { recursive: true, force: true })
})

function backend(options: LokyOptions = {}): LokyBackend {
  const made = createLokyBackend(options)
  backends.push(made)
  return made
}
const on = <T>(made: LokyBackend, fn: () => Promise<T>) => parallelBackend(made, { nJobs: 2 }, fn)
/** Files in the segment folders under `base`. */
const files = () => readdirSync(base).flatMap((dir) => readdirSync(join(base, dir)))
const fresh = (offset: number) => Float64Array.from({ length: 300_000 }, (_, i) => i + offset) // 2.4 MB
/** Each task reads its index, writes -1 there (in its worker's view), and returns what it read. */
const swap = (args: { data: Float64Array }, i: number) => {
  const found = args.data[i]
  args.data[i] = -1
  return found
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('the shared-memory segments kept for large arguments', () => {
  it('rewrites the segment of the last call for a new array of the same size, and the tasks see the new data', async () => {
    const loky = backend()
    await on(loky, async () => {
      expect(await multitask(swap, [0, 1, 2, 3], { data: fresh(0) }, null)).toEqual([0, 1, 2, 3])
      expect(await multitask(swap, [0, 1, 2, 3], { data: fresh(100) }, null)).toEqual([100, 101, 102, 103])
    })
    expect(loky.bufferPoolStats()).toMatchObject({ buffers: 1, bytes: 2_400_000, leased: 0, created: 1, reused: 1 })
    expect(files()).toHaveLength(1)
  })

  it("never lets a task's writes reach a later call, over the same array or a new one", async () => {
    const loky = backend()
    const data = fresh(0)
    await on(loky, async () => {
      // Every task writes -1 where it read: a worker that kept those writes would return -1s.
      for (let call = 0; call < 3; call++) expect(await multitask(swap, [0, 1, 2, 3, 4, 5], { data }, null)).toEqual([0, 1, 2, 3, 4, 5])
      expect(await multitask(swap, [0, 1, 2, 3, 4, 5], { data: fresh(7) }, null)).toEqual([7, 8, 9, 10, 11, 12])
    })
    expect(data[0]).toBe(0) // and the caller's array is never written
  })

  it('keeps each worker’s mapping of a segment from call to call instead of mapping it again', async () => {
    const loky = backend()
    const mappings = (args: { data: Float64Array; base: string }, _: number) => {
      const fs = process.getBuiltinModule('node:fs')
      const lines = fs.readFileSync('/proc/self/maps', 'utf8').split('\n').filter((line: string) => line.includes(args.base))
      return [process.pid, new Set(lines.map((line: string) => line.split(' ')[0])).size]
    }
    const counts: number[] = []
    await on(loky, async () => {
      for (let call = 0; call < 4; call++) {
        for (const [, count] of await multitask(mappings, [0, 1, 2, 3], { data: fresh(call), base }, null)) counts.push(count as number)
      }
    })
    expect(counts.every((count) => count === 1)).toBe(true) // a new mapping per call would make 2, 3, 4
  })

  it('gives calls running at once segments of their own', async () => {
    const loky = backend()
    // Each task waits a little before reading, so both calls' segments are written before either reads.
    const late = (args: { data: Float64Array }, i: number) => {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50)
      return args.data[i]
    }
    await on(loky, () => multitask(swap, [0, 1], { data: fresh(0) }, null)) // one idle segment to reuse
    const [a, b] = await on(loky, () =>
      Promise.all([multitask(late, [0, 1, 2, 3], { data: fresh(1000) }, null), multitask(late, [0, 1, 2, 3], { data: fresh(2000) }, null)]),
    )
    expect([a, b]).toEqual([
      [1000, 1001, 1002, 1003],
      [2000, 2001, 2002, 2003],
    ])
    expect(loky.bufferPoolStats()).toMatchObject({ buffers: 2, created: 2, leased: 0 })
  })

  it('keeps no more than bufferPoolSize: a segment past it is removed when its call ends', async () => {
    const loky = backend({ bufferPoolSize: '2M' })
    expect(await on(loky, () => multitask(swap, [0, 1], { data: fresh(3) }, null))).toEqual([3, 4])
    expect(loky.bufferPoolStats()).toMatchObject({ buffers: 0, bytes: 0, created: 1, leased: 0 })
    expect(readdirSync(base)).toEqual([]) // the file and its folder
  })

  it('removes a segment, and its folder, after bufferPoolIdle without use', async () => {
    const loky = backend({ bufferPoolIdle: 50 })
    await on(loky, () => multitask(swap, [0, 1], { data: fresh(0) }, null))
    for (let waited = 0; waited < 5_000 && readdirSync(base).length > 0; waited += 50) await sleep(50)
    expect(readdirSync(base)).toEqual([])
    expect(loky.bufferPoolStats().buffers).toBe(0)
  })

  it('removes the folders of multitask processes that died without cleaning up', async () => {
    const dead = spawn(process.execPath, ['-e', ''])
    await once(dead, 'exit')
    // A base this process has not used yet: it is swept the first time a folder is made in it.
    const other = join(base, 'other')
    mkdirSync(join(other, `multitask-${dead.pid}-abcdef`), { recursive: true })
    mkdirSync(join(other, `multitask-${process.pid}-ghijkl`)) // a live process's: kept
    process.env.MULTITASK_TEMP_FOLDER = other
    try {
      await on(backend(), () => multitask(swap, [0, 1], { data: fresh(0) }, null))
    } finally {
      process.env.MULTITASK_TEMP_FOLDER = base
    }
    const left = readdirSync(other)
    expect(left).not.toContain(`multitask-${dead.pid}-abcdef`)
    expect(left).toContain(`multitask-${process.pid}-ghijkl`)
    expect(left).toHaveLength(2) // with the call's own
    rmSync(other, { recursive: true })
  })
})

describe('no segment outlives its program', () => {
  function script(mode: 'exit' | 'wait') {
    const child = spawn(process.execPath, [fileURLToPath(new URL('./fixtures/keeps-segments.mjs', import.meta.url)), mode], {
      env: { ...process.env, MULTITASK_TEMP_FOLDER: base },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    const report = new Promise<{ values: number[]; pids: number[]; files: string[] }>((resolve, reject) => {
      child.stdout.on('data', () => output.includes('\n') && resolve(JSON.parse(output.split('\n')[0]!)))
      child.once('exit', (code) => reject(new Error(`the script exited with ${code} before printing`)))
    })
    return { child, report }
  }

  it('a program that keeps a segment still exits by itself, and removes it', async () => {
    const { child, report } = script('exit')
    expect(await report).toMatchObject({ values: [0, 1, 2, 3], files: ['0.bin'] })
    const [code] = await Promise.race([once(child, 'exit'), sleep(15_000).then(() => ['did not exit by itself'])])
    expect(code).toBe(0)
    expect(readdirSync(base)).toEqual([])
  })

  it("a program killed with SIGKILL has its segments removed by its workers as they exit", async () => {
    const { child, report } = script('wait')
    const { pids, files: kept } = await report
    expect(kept).toEqual(['0.bin'])
    child.kill('SIGKILL')
    await once(child, 'exit')
    expect(await waitUntilGone(pids, 5_000)).toEqual([])
    expect(readdirSync(base)).toEqual([])
  })
})
