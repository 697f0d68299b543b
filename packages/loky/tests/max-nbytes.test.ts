import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { AbortError, multitask, parallelBackend, taskModule } from '@multitask/core'
import { createLokyBackend, lokyBackend, shutdown } from '@multitask/loky'

/** What `describeShared` (tests/fixtures/tasks.mjs) reports from a worker. */
interface Seen {
  dirs: string[]
  folderMode: number | undefined
  fileModes: number[]
  dataType: string
  sum: number
  tail: number[]
  blobType: string
  blobOk: boolean
  small: string
  mapped: number
}
const describeShared = taskModule<(...a: unknown[]) => Seen>(new URL('./fixtures/tasks.mjs', import.meta.url), 'describeShared')
const writeShared = taskModule<(...a: unknown[]) => { seen: number; onDisk: number }>(new URL('./fixtures/tasks.mjs', import.meta.url), 'writeShared')
let base: string
const before = process.env.MULTITASK_TEMP_FOLDER

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'loky-test-'))
  process.env.MULTITASK_TEMP_FOLDER = base
})

// Segments are kept for the next call until shutdown: each test starts with none.
afterEach(() => shutdown())

afterAll(async () => {
  await shutdown()
  if (before === undefined) delete process.env.MULTITASK_TEMP_FOLDER
  else process.env.MULTITASK_TEMP_FOLDER = before
  rmSync(base, { recursive: true, force: true })
})

function largeArgs() {
  const data = new Float64Array(300_000).map((_, i) => i) // 2.4 MB
  return {
    data,
    tail: data.subarray(299_998), // a view at an offset, 16 bytes: travels by IPC
    nested: { inMap: new Map([['x', Buffer.alloc(2 * 1024 * 1024, 7)]]) },
    small: new Uint8Array(10),
  }
}
const expectedSum = (299_999 * 300_000) / 2

describe('maxNbytes: large binary arguments through shared-memory files', () => {
  it('writes large data once to files in a private folder that workers map, kept for the next call until shutdown', async () => {
    const results = await multitask(describeShared, [0, 1, 2, 3], largeArgs(), { base }, { jobs: 2, maxNbytes: '1M' })
    for (const seen of results) {
      expect(seen.mapped).toBe(2) // the Float64Array and the Buffer: mapped by @multitask/mmap, not read
      expect(seen.dirs).toHaveLength(1)
      expect(seen.dirs[0]).toMatch(/^multitask-/)
      expect(seen.folderMode).toBe(0o700)
      expect(seen.fileModes).toEqual([0o600, 0o600])
      expect(seen).toMatchObject({ dataType: 'Float64Array', sum: expectedSum, tail: [299_998, 299_999] })
      expect(seen).toMatchObject({ blobType: 'Buffer', blobOk: true, small: 'Uint8Array' })
    }
    expect(lokyBackend.bufferPoolStats()).toMatchObject({ buffers: 2, leased: 0 })
    expect(readdirSync(join(base, results[0]!.dirs[0]!))).toHaveLength(2)
    await shutdown()
    expect(readdirSync(base)).toEqual([])
  })

  it('keeps a task\'s writes into mapped data in its own worker: the file other workers map is unchanged', async () => {
    const args = { data: new Float64Array(300_000) }
    const results = await multitask(writeShared, [0, 1, 2, 3], args, { base }, { jobs: 2 })
    expect(results).toEqual([0, 1, 2, 3].map((i) => ({ seen: -(i + 1), onDisk: 0 })))
    expect(args.data[0]).toBe(0)
  })

  it('reads the files into memory instead when MULTITASK_MMAP=0 (or @multitask/mmap cannot load)', async () => {
    const reading = createLokyBackend({ env: { ...process.env, MULTITASK_MMAP: '0' } })
    try {
      const results = await parallelBackend(reading, { nJobs: 2 }, () => multitask(describeShared, [0, 1], largeArgs(), { base }))
      for (const seen of results) expect(seen).toMatchObject({ mapped: 0, dataType: 'Float64Array', sum: expectedSum, blobType: 'Buffer', blobOk: true })
    } finally {
      await reading.terminate!()
    }
    expect(readdirSync(base)).toEqual([])
  })

  it('sends everything through IPC with maxNbytes: null', async () => {
    const results = await multitask(describeShared, [0, 1], largeArgs(), { base }, { jobs: 2, maxNbytes: null })
    expect(results.map((seen) => [seen.dirs, seen.sum])).toEqual([
      [[], expectedSum],
      [[], expectedSum],
    ])
  })

  it('gives the files back for the next call when a task fails', async () => {
    const args = { ...largeArgs(), nested: null }
    await expect(multitask(describeShared, [0, 1, 2], args, { base }, { jobs: 2 })).rejects.toMatchObject({ name: 'TypeError' })
    expect(lokyBackend.bufferPoolStats()).toMatchObject({ buffers: 1, leased: 0 })
    await shutdown()
    expect(readdirSync(base)).toEqual([])
  })

  it('gives the files back for the next call when the call is aborted', async () => {
    const controller = new AbortController()
    const spin = (args: { data: Float64Array }, i: number) => {
      const end = Date.now() + 200
      while (Date.now() < end);
      return args.data[i]
    }
    const call = multitask(spin, [0, 1, 2, 3, 4, 5, 6, 7], largeArgs(), null, {
      jobs: 2,
      onProgress: ({ done }) => {
        if (done > 0) controller.abort('enough')
      },
      signal: controller.signal,
    })
    await expect(call).rejects.toBeInstanceOf(AbortError)
    expect(lokyBackend.bufferPoolStats()).toMatchObject({ buffers: 2, leased: 0 })
    await shutdown()
    expect(readdirSync(base)).toEqual([])
  })
})
