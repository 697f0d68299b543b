// A backend that declares `takesSource: false` never receives a shipped function: such a
// call runs in series with one warning, while a module reference runs on the backend.
import { describe, expect, it } from 'vitest'
import { multitask, parallelBackend } from '@multitask/core'
import { runBatchInProcess, type ParallelBackend } from '@multitask/core/backend'

function modulesOnly(ran: number[]): ParallelBackend {
  return {
    name: 'modules-only',
    runsOn: 'in-process',
    supportsSharedMemory: true,
    supportsTimeout: false,
    takesSource: false,
    runBatch(call, batch) {
      ran.push(batch.items.length)
      return runBatchInProcess(call, batch)
    },
  }
}

function recorder() {
  const warnings: string[] = []
  const logger = { debug() {}, info() {}, warn: (message: unknown) => void warnings.push(String(message)), error() {} }
  return { logger, warnings }
}

describe('takesSource: false', () => {
  it('runs a shipped function in series, with one warning that says to pass a module reference', async () => {
    const ran: number[] = []
    const { logger, warnings } = recorder()
    const results = await parallelBackend(modulesOnly(ran), { nJobs: 2 }, () =>
      multitask((args: number[], i: number) => args[i]! + 10, [0, 1, 2, 3], [0, 1, 2, 3], null, { logger }),
    )
    expect(results).toEqual([10, 11, 12, 13])
    expect(ran).toEqual([])
    expect(warnings).toEqual([expect.stringMatching(/"modules-only" backend runs module tasks only; pass a module reference/)])
  })

  it('runs a module reference on the backend', async () => {
    const ran: number[] = []
    const addTen = { module: new URL('./fixtures/tasks.ts', import.meta.url), name: 'addTenTyped' }
    const results = await parallelBackend(modulesOnly(ran), { nJobs: 2 }, () => multitask(addTen, [0, 1, 2, 3], [0, 1, 2, 3], null))
    expect(results).toEqual([10, 11, 12, 13])
    expect(ran.length).toBeGreaterThan(0)
  })
})
