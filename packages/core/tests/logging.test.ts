import { Logger } from 'tslog'
import { afterAll, describe, expect, it } from 'vitest'
import { multitask, parallelBackend, taskLogger } from '@multitask/core'
import { ThreadBackend } from './fixtures/thread-backend.js'

const tasks = new URL('./fixtures/log-tasks.mjs', import.meta.url)
const backend = new ThreadBackend(2)
afterAll(() => backend.terminate())

function capture(minLevel = 0) {
  const records: string[] = []
  const logger = new Logger<unknown>({ type: 'hidden', minLevel })
  logger.attachTransport((record) => {
    const { _meta, ...rest } = record as unknown as { _meta: { logLevelName: string } } & Record<string, unknown>
    records.push([_meta.logLevelName, ...Object.values(rest)].join(' '))
  })
  return { logger, records }
}

describe('ordered logs from workers', () => {
  it('emits each task group in task order although tasks finish in reverse', async () => {
    const { logger, records } = capture()
    const results = await parallelBackend(backend, { nJobs: 2 }, () =>
      multitask({ module: tasks, name: 'reverseFinish' }, [0, 1, 2, 3, 4, 5], 6, null, { logger }),
    )
    expect(results).toEqual([0, 1, 2, 3, 4, 5])
    expect(records).toEqual(
      [0, 1, 2, 3, 4, 5].flatMap((i) => [`INFO start ${i}`, `WARN end ${i}`, `DEBUG debug ${i}`]),
    )
  })

  it("drops records below the logger's minimum level", async () => {
    const { logger, records } = capture(4)
    await parallelBackend(backend, { nJobs: 2 }, () =>
      multitask({ module: tasks, name: 'reverseFinish' }, [0, 1, 2], 3, null, { logger }),
    )
    expect(records).toEqual(['WARN end 0', 'WARN end 1', 'WARN end 2'])
  })

  it('emits the records up to a failing task, then rejects with its error', async () => {
    const { logger, records } = capture()
    await expect(
      parallelBackend(backend, { nJobs: 2 }, () => multitask({ module: tasks, name: 'failAt' }, [0, 1, 2, 3, 4], 2, null, { logger })),
    ).rejects.toThrow('task 2 failed')
    expect(records.slice(0, 4)).toEqual(['INFO before 0', 'INFO before 1', 'INFO before 2', 'ERROR failing 2'])
    expect(records).not.toContain('INFO before 3')
  })

  it("keeps the original's nested order", async () => {
    const { logger, records } = capture()
    await parallelBackend(backend, { nJobs: 2 }, () => multitask({ module: tasks, name: 'nested' }, [1000, 2000], null, null, { logger }))
    expect(records.map((r) => Number(r.split(' ')[1]))).toEqual([
      1000, 1001, 1002, 1000, 1011, 1012, 2000, 2001, 2002, 2000, 2011, 2012,
    ])
  })

  it('leaves worker consoles alone when the call has no logger', async () => {
    const results = await parallelBackend(backend, { nJobs: 2 }, () =>
      multitask({ module: tasks, name: 'reverseFinish' }, [0, 1], 2, null),
    )
    expect(results).toEqual([0, 1])
  })
})

describe('logs in series', () => {
  it('go to the logger live, task logger records keeping their level', async () => {
    const { logger, records } = capture()
    const seen: number[] = []
    await multitask(
      (_: null, i: number) => {
        taskLogger().error('task', i)
        seen.push(records.length)
        return i
      },
      [0, 1],
      null,
      null,
      { logger },
    )
    expect(records).toEqual(['ERROR task 0', 'ERROR task 1'])
    expect(seen).toEqual([1, 2]) // emitted while the run goes on, not at the end
  })

  it('reach a plain { debug, info, warn, error } logger through its methods', async () => {
    const lines: string[] = []
    const plain = {
      debug: (...a: unknown[]) => lines.push(`debug ${a.join(' ')}`),
      info: (...a: unknown[]) => lines.push(`info ${a.join(' ')}`),
      warn: (...a: unknown[]) => lines.push(`warn ${a.join(' ')}`),
      error: (...a: unknown[]) => lines.push(`error ${a.join(' ')}`),
    }
    await parallelBackend(backend, { nJobs: 2 }, () =>
      multitask({ module: tasks, name: 'reverseFinish' }, [0, 1], 2, null, { logger: plain }),
    )
    expect(lines).toEqual(['info start 0', 'warn end 0', 'debug debug 0', 'info start 1', 'warn end 1', 'debug debug 1'])
  })

  it("route a task's console calls to the logger, with the same records in the same order as on workers (issue 17)", async () => {
    const inSeries = capture()
    const onWorkers = capture()
    const run = (logger: Logger<unknown>) => multitask({ module: tasks, name: 'reverseFinish' }, [0, 1, 2, 3], 4, null, { logger })
    expect(await run(inSeries.logger)).toEqual([0, 1, 2, 3])
    await parallelBackend(backend, { nJobs: 2 }, () => run(onWorkers.logger))
    expect(inSeries.records).toEqual([0, 1, 2, 3].flatMap((i) => [`INFO start ${i}`, `WARN end ${i}`, `DEBUG debug ${i}`]))
    expect(inSeries.records).toEqual(onWorkers.records)
  })

  it('keep the nested order of the original in series too', async () => {
    const inSeries = capture()
    const onWorkers = capture()
    const run = (logger: Logger<unknown>) => multitask({ module: tasks, name: 'nested' }, [1000, 2000], null, null, { logger })
    await run(inSeries.logger)
    await parallelBackend(backend, { nJobs: 2 }, () => run(onWorkers.logger))
    expect(inSeries.records.map((r) => Number(r.split(' ')[1]))).toEqual([
      1000, 1001, 1002, 1000, 1011, 1012, 2000, 2001, 2002, 2000, 2011, 2012,
    ])
    expect(inSeries.records).toEqual(onWorkers.records)
  })

  it('come out the same when a fallback reruns part of the call in series (issue 17)', async () => {
    const suffix = '!'
    // Task 5 needs `suffix`, which exists only here: on workers it falls back partway.
    const shout = (_: null, i: number) => {
      console.log('task', i)
      return i === 5 ? `${i}${suffix}` : String(i)
    }
    const items = Array.from({ length: 12 }, (_, i) => i)
    const inSeries = capture()
    const afterFallback = capture()
    await multitask(shout, items, null, null, { logger: inSeries.logger })
    await parallelBackend(backend, { nJobs: 2 }, () => multitask(shout, items, null, null, { logger: afterFallback.logger }))
    const taskRecords = (records: string[]) => records.filter((record) => record.startsWith('INFO task'))
    expect(taskRecords(inSeries.records)).toEqual(items.map((i) => `INFO task ${i}`))
    expect(taskRecords(afterFallback.records)).toEqual(taskRecords(inSeries.records))
  })

  it('reach a logger that itself prints with console.log, without looping back into the task', async () => {
    const lines: string[] = []
    const printing = {
      debug: () => undefined,
      info: (...a: unknown[]) => (lines.push(a.join(' ')), console.log(...a)),
      warn: () => undefined,
      error: () => undefined,
    }
    const results = await multitask((_: null, i: number) => (console.log('from task', i), i), [0, 1], null, null, { logger: printing })
    console.log('from the caller, not a task')
    expect(results).toEqual([0, 1])
    expect(lines).toEqual(['from task 0', 'from task 1'])
  })
})
