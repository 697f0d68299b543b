import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect } from 'vitest'
import { cpuCount, NestingLimitError, RemoteTaskError } from '@multitask/core'
import { BACKENDS, endAll, rejectionOf, row } from './backends.ts'

const recurse = { module: new URL('./fixtures/nest.mjs', import.meta.url), name: 'recurse' }
const folder = mkdtempSync(join(tmpdir(), 'reliability-nesting-'))

afterAll(async () => {
  await endAll()
  rmSync(folder, { recursive: true, force: true })
})

describe.each(BACKENDS)('nesting on $name', (b) => {
  row(b, 'a task that calls multitask on itself without limit: NestingLimitError, never more workers than CPUs', {}, async () => {
    const log = join(folder, `${b.name}.ndjson`)
    await b.shutdown()
    // The top-level workers, sampled from here while the recursion runs.
    let topWorkers = 0
    const sampler = setInterval(() => (topWorkers = Math.max(topWorkers, b.workers())), 5)
    let error: unknown
    try {
      error = await rejectionOf(b.run(recurse, [0, 1], { log }, null, {}, { nJobs: -1 }))
    } finally {
      clearInterval(sampler)
    }
    topWorkers = Math.max(topWorkers, b.workers())

    expect(error).toMatchObject({
      name: 'NestingLimitError',
      code: 'ERR_MULTITASK_NESTING_LIMIT',
      depth: 33,
      limit: 32,
      message: expect.stringMatching(/nested 33 deep, past the limit of 32: does a task call multitask recursively without a base case\?/),
    })
    expect(error).toBeInstanceOf(b.name === 'serial' ? NestingLimitError : RemoteTaskError)

    const records = readFileSync(log, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { where: string; level: number; workers: number })
    // Every level down to the limit ran: 32 nested calls, each noted once before recursing.
    expect(records.length).toBeGreaterThanOrEqual(32)
    // Nested workers, summed over every thread and process at its peak: an upper bound of what ran at once.
    const peaks = new Map<string, number>()
    for (const { where, workers } of records) peaks.set(where, Math.max(peaks.get(where) ?? 0, workers))
    const nested = [...peaks.values()].reduce((sum, n) => sum + n, 0)
    expect(topWorkers + nested).toBeLessThanOrEqual(cpuCount())
    if (b.name !== 'serial') expect(topWorkers).toBeGreaterThan(0) // the sampler did see the workers
    expect(await b.run((_: null, i: number) => i + 1, [1, 2, 3], null)).toEqual([2, 3, 4])
  })
})
