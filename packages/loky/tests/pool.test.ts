import { afterAll, describe, expect, it, vi } from 'vitest'
import { multitask, parallelBackend } from '@multitask/core'
import { createLokyBackend, lokyBackend, shutdown } from '@multitask/loky'
import { meet, meeting, removeMeetings } from './fixtures/meeting.ts'
import { childrenOf, waitUntilGone } from './fixtures/process-table.ts'

afterAll(async () => {
  await shutdown()
  removeMeetings()
})

const spin = { module: new URL('./fixtures/tasks.mjs', import.meta.url), name: 'spin' }
const pidsOf = (results: unknown[]) => ([...new Set(results)] as number[]).sort()

describe('the reusable pool', () => {
  it('runs a second call on the same worker processes', async () => {
    const first = pidsOf(await multitask(meet, [0, 1, 2, 3], meeting(2), null, { jobs: 2 }))
    const second = pidsOf(await multitask(meet, [0, 1, 2, 3], meeting(2), null, { jobs: 2 }))
    expect(first).toHaveLength(2)
    expect(second).toEqual(first)
  })

  it('keeps a rebuilt plain function across calls: each worker reuses the same function object', async () => {
    // Self-contained (shipped as source); it meets like the `meet` fixture, so both workers run a task.
    function stamp(args: { folder: string; workers: number }): [number, number] {
      const self = stamp as unknown as { id?: number }
      self.id ??= Math.random()
      const fs = process.getBuiltinModule('node:fs')
      fs.writeFileSync(`${args.folder}/${process.pid}`, '')
      const deadline = Date.now() + 30_000
      while (fs.readdirSync(args.folder).length < args.workers && Date.now() < deadline);
      return [process.pid, self.id]
    }
    const first = new Map(await multitask(stamp, [0, 1], meeting(2), null, { jobs: 2 }))
    const second = new Map(await multitask(stamp, [0, 1], meeting(2), null, { jobs: 2 }))
    expect(first.size).toBe(2)
    expect(second).toEqual(first)
  })

  it('is replaced by a pool of the new size when jobs changes, and the old processes exit', async () => {
    const two = pidsOf(await multitask(meet, [0, 1, 2, 3], meeting(2), null, { jobs: 2 }))
    const three = pidsOf(await multitask(meet, [0, 1, 2, 3, 4, 5], meeting(3), null, { jobs: 3 }))
    expect(three).toHaveLength(3)
    expect(three.some((pid) => two.includes(pid))).toBe(false)
    expect(await waitUntilGone(two)).toEqual([])
    expect(lokyBackend.pids().sort()).toEqual(three)
  })

  it('starts its workers at warmUp, before any call, and the next call runs on them', async () => {
    const warm = createLokyBackend()
    try {
      warm.warmUp!(2)
      await vi.waitFor(() => expect(warm.pids()).toHaveLength(2), { timeout: 20_000 })
      const started = warm.pids().sort()
      const pids = pidsOf(await parallelBackend(warm, { nJobs: 2 }, () => multitask(meet, [0, 1, 2, 3], meeting(2), null)))
      expect(pids).toEqual(started)
    } finally {
      await warm.terminate!()
    }
  })

  it('lets idle workers exit after idleTimeout', async () => {
    const quick = createLokyBackend({ idleTimeout: 100 })
    try {
      const pids = pidsOf(await parallelBackend(quick, { nJobs: 2 }, () => multitask(meet, [0, 1, 2, 3], meeting(2), null)))
      expect(pids).toHaveLength(2)
      expect(await waitUntilGone(pids)).toEqual([])
    } finally {
      await quick.terminate!()
    }
  })

  it('leaves no worker process after shutdown()', async () => {
    const pids = pidsOf(await multitask(meet, [0, 1, 2, 3], meeting(2), null, { jobs: 2 }))
    await shutdown()
    expect(await waitUntilGone(pids, 0)).toEqual([])
    expect(childrenOf(process.pid).filter((pid) => pids.includes(pid))).toEqual([])
    // A later call starts a new pool.
    expect(await multitask(spin, [0, 1], 1, null, { jobs: 2 })).toHaveLength(2)
  })

  it('rejects unknown or invalid options with a message naming them', () => {
    expect(() => createLokyBackend({ idleTimout: 5 } as never)).toThrow(/Unknown option `idleTimout` for the loky backend/)
    expect(() => createLokyBackend({ idleTimeout: -1 })).toThrow(/`idleTimeout` must be a non-negative number of milliseconds or Infinity; received -1/)
    expect(() => createLokyBackend({ execArgv: '--x' as never })).toThrow(TypeError)
    expect(() => createLokyBackend({ bufferPoolSize: -1 })).toThrow(/`bufferPoolSize` must be .* received -1/)
    expect(() => createLokyBackend({ bufferPoolIdle: Number.NaN })).toThrow(/`bufferPoolIdle` must be .* received NaN/)
  })
})
