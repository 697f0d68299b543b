import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { Logger } from 'tslog'
import { multitask } from '@multitask/core'
import { shutdown } from '@multitask/loky'

afterAll(() => shutdown())

function capturingLogger() {
  const warnings: string[] = []
  const logger = new Logger<unknown>({ type: 'hidden' })
  logger.attachTransport((record) => {
    const { _meta, ...rest } = record as unknown as { _meta: { logLevelName: string } } & Record<string, unknown>
    if (_meta.logLevelName === 'WARN') warnings.push(Object.values(rest).join(' '))
  })
  return { logger, warnings }
}

describe('fallback to series', () => {
  it('runs a closure in series with one warning naming its free variable', async () => {
    const { logger, warnings } = capturingLogger()
    const offset = 100
    const results = await multitask((args: number[], i: number) => args[i]! + offset, [0, 1, 2, 3, 4, 5], [0, 1, 2, 3, 4, 5], null, {
      jobs: 2,
      logger,
    })
    expect(results).toEqual([100, 101, 102, 103, 104, 105])
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain('`offset`')
    expect(warnings[0]).toContain('"loky"')
  })

  it('runs only the unfinished tasks in series when a task uses a closure variable, so none of them runs twice (issue 17)', async () => {
    const { logger, warnings } = capturingLogger()
    const dir = mkdtempSync(join(tmpdir(), 'multitask-twice-'))
    const suffix = '!'
    try {
      // Each run leaves a mark; task 7 needs `suffix`, which only exists here, so it fails in a worker.
      const mark = (folder: string, i: number) => {
        process.getBuiltinModule('node:fs').appendFileSync(`${folder}/${i}`, 'x')
        return i === 7 ? `${i}${suffix}` : String(i)
      }
      const items = Array.from({ length: 20 }, (_, i) => i)
      const results = await multitask(mark, items, dir, null, { jobs: 2, logger })
      expect(results).toEqual(items.map((i) => (i === 7 ? '7!' : String(i))))
      const runs = items.map((i) => readFileSync(join(dir, String(i)), 'utf8').length)
      expect(runs).toEqual(items.map((i) => (i === 7 ? 2 : 1)))
      expect(warnings).toHaveLength(1)
      expect(warnings[0]).toMatch(/\d+ tasks finished on "loky" and keep their results; the other \d+ tasks run in series\. Task 7 had started on "loky" and runs again in series\./)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('runs in series with a warning when args cannot be sent to processes', async () => {
    const { logger, warnings } = capturingLogger()
    const args = { scale: (x: number) => x * 2 }
    const results = await multitask((a: typeof args, i: number) => a.scale(i), [1, 2, 3], args, null, { jobs: 2, logger })
    expect(results).toEqual([2, 4, 6])
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(/`args` cannot be sent to worker processes \(.*could not be cloned/)
  })

  it('runs in series with a warning when an item cannot be sent', async () => {
    const { logger, warnings } = capturingLogger()
    const items = [1, 2, () => 3, 4]
    const results = await multitask(
      (_: null, item: number | (() => number)) => (typeof item === 'function' ? item() : item),
      items,
      null,
      null,
      { jobs: 2, logger },
    )
    expect(results).toEqual([1, 2, 3, 4])
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(/task 2's item cannot be sent to a worker process/)
  })

  it('copies a SharedArrayBuffer in args to the processes', async () => {
    const shared = new SharedArrayBuffer(16)
    new Int32Array(shared).set([1, 2, 3, 4])
    const results = await multitask(
      (args: { shared: SharedArrayBuffer }, i: number) => {
        const view = new Int32Array(args.shared)
        const seen = view[i]!
        view[i] = -1 // a copy: the caller must not see this
        return [seen, args.shared instanceof SharedArrayBuffer]
      },
      [0, 1, 2, 3],
      { shared },
      null,
      { jobs: 2, maxNbytes: null },
    )
    expect(results).toEqual([
      [1, true],
      [2, true],
      [3, true],
      [4, true],
    ])
    expect([...new Int32Array(shared)]).toEqual([1, 2, 3, 4])
  })
})
