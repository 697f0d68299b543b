import { afterAll, describe, expect, it } from 'vitest'
import { multitask, parallelBackend } from '@multitask/core'
import { lokyBackend, shutdown } from '@multitask/loky'

afterAll(() => shutdown())

const addTen = (args: number[], i: number) => args[i % 5]! + 10

describe('results from worker processes', () => {
  it('returns results in input order, computed in other processes', async () => {
    const items = Array.from({ length: 300 }, (_, i) => i)
    const results = await multitask((args: number[], i: number) => [args[i % 5]! + 10, process.pid], items, [0, 1, 2, 3, 4], null, { jobs: 2 })
    expect(results.map(([value]) => value)).toEqual(items.map((i) => (i % 5) + 10))
    const pids = new Set(results.map(([, pid]) => pid))
    expect(pids.has(process.pid)).toBe(false)
    expect([...pids].every((pid) => lokyBackend.pids().includes(pid!))).toBe(true)
  })

  it('leaves out skipped tasks', async () => {
    const numbers = [0, 1, 2, 3, 4]
    const results = await multitask(addTen, numbers.keys(), numbers, null, { jobs: 2, skip: [false, false, true, false, false] })
    expect(results).toEqual([10, 11, 13, 14])
  })

  it('passes kwargs in form 2 and runs async tasks', async () => {
    const results = await multitask(
      async (args: number[], kwargs: { factor: number }, i: number) => {
        await new Promise((resolve) => setTimeout(resolve, 1))
        return args[i]! * kwargs.factor
      },
      [0, 1, 2, 3],
      [1, 2, 3, 4],
      { factor: 3 },
      { jobs: 2 },
    )
    expect(results).toEqual([3, 6, 9, 12])
  })

  it('is the backend of a parallelBackend("loky") context', async () => {
    const results = await parallelBackend('loky', { nJobs: 2 }, () => multitask(addTen, [0, 1, 2, 3, 4], [0, 1, 2, 3, 4], null))
    expect(results).toEqual([10, 11, 12, 13, 14])
    expect(lokyBackend.pids()).toHaveLength(2)
  })
})
