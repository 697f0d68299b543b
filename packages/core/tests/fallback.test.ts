import { Logger } from 'tslog'
import { describe, expect, it } from 'vitest'
import { FallbackToSeries, multitask, parallelBackend } from '@multitask/core'
import { InProcessBackend } from './fixtures/in-process-backend.js'

function capturingLogger() {
  const records: Array<{ level: string; text: string }> = []
  const logger = new Logger<unknown>({ type: 'hidden' })
  logger.attachTransport((record) => {
    const meta = (record as unknown as { _meta: { logLevelName: string } })._meta
    records.push({ level: meta.logLevelName, text: String((record as Record<string, unknown>)['0']) })
  })
  return { logger, records }
}

describe('fallback to series', () => {
  it('runs everything in series with one warning when startCall cannot run the call', async () => {
    const { logger, records } = capturingLogger()
    const backend = new InProcessBackend({
      startCall: () => {
        throw new FallbackToSeries('the pool cannot start here')
      },
    })
    const ran: number[] = []
    const results = await parallelBackend(backend, { nJobs: 2 }, () =>
      multitask((_: null, x: number) => (ran.push(x), x + 1), [1, 2, 3], null, null, { logger }),
    )
    expect(results).toEqual([2, 3, 4])
    expect(ran).toEqual([1, 2, 3])
    expect(records).toEqual([
      { level: 'WARN', text: 'multitask: running in series instead of on the "in-process" backend: the pool cannot start here' },
    ])
    expect(backend.events).toEqual(['start:2']) // endCall only follows a successful startCall
  })

  it('keeps finished batches and runs only the rest in series when a batch asks to fall back', async () => {
    const { logger, records } = capturingLogger()
    let batches = 0
    const backend = new InProcessBackend({
      runBatch: () => {
        if (++batches === 3) throw new FallbackToSeries('args cannot be copied')
      },
    })
    const runs = new Map<number, number>()
    const items = Array.from({ length: 50 }, (_, i) => i)
    const results = await parallelBackend(backend, { nJobs: 1 + 1 }, () =>
      multitask((_: null, x: number) => (runs.set(x, (runs.get(x) ?? 0) + 1), -x), items, null, null, { logger }),
    )
    expect(results).toEqual(items.map((x) => -x))
    expect([...runs.values()].every((n) => n === 1)).toBe(true) // nothing lost, nothing run twice
    expect(runs.size).toBe(50)
    expect(records).toHaveLength(1)
    expect(records[0]!.text).toMatch(/args cannot be copied/)
    expect(backend.events.at(-1)).toBe('end')
  })

  it('does not fall back on an error of the task itself', async () => {
    const { logger, records } = capturingLogger()
    const backend = new InProcessBackend()
    const failing = () => {
      throw new TypeError('my bug')
    }
    await expect(
      parallelBackend(backend, { nJobs: 2 }, () => multitask(failing, [1, 2, 3], null, null, { logger })),
    ).rejects.toThrow(new TypeError('my bug'))
    expect(records).toEqual([])
  })
})
