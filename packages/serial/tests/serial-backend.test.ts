import { describe, expect, it } from 'vitest'
import { effectiveNJobs, multitask, parallelBackend, registeredBackends } from '@multitask/core'
import { serialBackend } from '@multitask/serial'

const numbers = [0, 1, 2, 3, 4]
const addTen = (args: number[], i: number) => args[i]! + 10

describe('@multitask/serial', () => {
  it('registers serial and its alias sequential on import', () => {
    expect(registeredBackends()).toEqual(expect.arrayContaining(['serial', 'sequential']))
  })

  it.each(['serial', 'sequential'])('runs calls in the %s context in series, in this thread', async (name) => {
    const order: number[] = []
    const task = async (args: number[], i: number) => {
      order.push(i)
      await new Promise((r) => setTimeout(r, 5 - i))
      order.push(i)
      return addTen(args, i)
    }
    const results = await parallelBackend(name, { nJobs: 4 }, () => multitask(task, numbers.keys(), numbers, null))
    expect(results).toEqual([10, 11, 12, 13, 14])
    expect(order).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4]) // never two tasks at once
    expect(parallelBackend(name, { nJobs: 4 }, () => effectiveNJobs())).toBe(1)
  })

  it('lets tasks share memory with the caller, as series does', async () => {
    const seen: number[] = []
    await parallelBackend(serialBackend, { nJobs: 2 }, () => multitask((_: null, i: number) => seen.push(i), [7, 8], null, null))
    expect(seen).toEqual([7, 8])
  })

  it('runs a batch directly through runBatch', async () => {
    const call = {
      id: 'c',
      task: { kind: 'function', fn: addTen, source: addTen.toString() },
      args: numbers,
      kwargs: null,
      form: 1,
      nJobs: 1,
      taskCount: 2,
      maxNbytes: null,
      workerNesting: { level: 1, cpuBudget: 1 },
      backendOptions: {},
      captureLogs: false,
    } as const
    await expect(serialBackend.runBatch(call, { start: 3, items: [3, 4] })).resolves.toMatchObject({ results: [13, 14] })
  })

  it('declares its capabilities as flags', () => {
    expect(serialBackend).toMatchObject({ name: 'serial', runsOn: 'in-process', supportsSharedMemory: true, supportsTimeout: false })
  })
})
