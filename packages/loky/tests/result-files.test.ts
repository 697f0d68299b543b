import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { multitask, parallelBackend } from '@multitask/core'
import { createLokyBackend } from '@multitask/loky'

// Result files go to a base of this test's own (the workers inherit the variable), so
// what is left behind can be seen.
let base: string
const before = process.env.MULTITASK_TEMP_FOLDER
let loky: ReturnType<typeof createLokyBackend>

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'loky-results-test-'))
  process.env.MULTITASK_TEMP_FOLDER = base
  loky = createLokyBackend()
})
afterAll(async () => {
  await loky.terminate!()
  if (before === undefined) delete process.env.MULTITASK_TEMP_FOLDER
  else process.env.MULTITASK_TEMP_FOLDER = before
  rmSync(base, { recursive: true, force: true })
})

const onLoky = <T>(fn: () => Promise<T>) => parallelBackend(loky, { nJobs: 2 }, fn)

describe('large result buffers from worker processes', () => {
  it('come back whole, with their types, the same array once however often a result holds it, and leave no file', async () => {
    const make = (n: number, i: number) => {
      const floats = Float64Array.from({ length: n }, (_, k) => i * n + k) // 512 KiB: through a file
      const bytes = Buffer.alloc(n * 4, i) // through a file, as a Buffer
      const raw = new Uint8Array(n * 8).fill(i + 1).buffer // a bare ArrayBuffer
      const view = new DataView(new ArrayBuffer(n * 8))
      view.setFloat64(8, i)
      return { floats, again: floats, bytes, raw, view, nested: new Map([['floats', floats]]), small: new Int32Array(4).fill(i), pid: process.pid }
    }
    const results = await onLoky(() => multitask(make, [0, 1, 2, 3], 65_536, null))
    for (const [i, r] of results.entries()) {
      expect(r.pid).not.toBe(process.pid)
      expect(r.floats).toBeInstanceOf(Float64Array)
      expect([r.floats.length, r.floats[0], r.floats[65_535]]).toEqual([65_536, i * 65_536, i * 65_536 + 65_535])
      expect(r.again).toBe(r.floats)
      expect(r.nested.get('floats')).toBe(r.floats)
      expect(Buffer.isBuffer(r.bytes) && r.bytes.length === 262_144 && r.bytes.every((b) => b === i)).toBe(true)
      expect(r.raw).toBeInstanceOf(ArrayBuffer)
      expect(new Uint8Array(r.raw).every((b) => b === i + 1)).toBe(true)
      expect([r.view instanceof DataView, r.view.getFloat64(8)]).toEqual([true, i])
      expect(Array.from(r.small)).toEqual([i, i, i, i])
    }
    // They came through files, which this process mapped (and removed at once).
    const mapped = readFileSync('/proc/self/maps', 'utf8').split('\n').filter((line) => line.includes(base))
    expect(mapped.length).toBeGreaterThanOrEqual(4 * 4) // floats, bytes, raw and view of 4 tasks
    expect(readdirSync(base)).toEqual([])
  })

  it('are the caller’s own: writing to one changes nothing else', async () => {
    const make = (n: number, _: number) => new Float64Array(n).fill(5)
    const [a, b] = await onLoky(() => multitask(make, [0, 1], 65_536, null))
    a![0] = 42
    expect([a![0], a![1], b![0]]).toEqual([42, 5, 5])
  })
})
