import { afterAll, describe, expect, it } from 'vitest'
import { AbortError, multitask } from '@multitask/core'
import { lokyBackend, shutdown } from '@multitask/loky'
import { meet, meeting, removeMeetings } from './fixtures/meeting.ts'
import { busyAmong, isRunning } from './fixtures/process-table.ts'

afterAll(async () => {
  await shutdown()
  removeMeetings()
})

// Task 0 fails at once; every other task would spin for a minute.
const failFastOthersSpin = (_: null, i: number) => {
  if (i === 0) throw new Error('task 0 failed')
  const end = Date.now() + 60_000
  while (Date.now() < end);
  return i
}

/** Starts both workers (so CPU use seen later is tasks, not start-up) and returns their pids. */
async function warmPool(): Promise<number[]> {
  const pids = await multitask(meet, [0, 1, 2, 3], meeting(2), null, { jobs: 2 })
  expect(new Set(pids).size).toBe(2)
  return lokyBackend.pids()
}

describe('abandoning the rest of a failed call', () => {
  it('terminates the workers still busy with the call when a task throws', async () => {
    const pids = await warmPool()
    await expect(multitask(failFastOthersSpin, [0, 1, 2, 3], null, null, { jobs: 2 })).rejects.toThrow('task 0 failed')
    // The worker that ran task 1 was spinning: it is gone by the time the call rejected,
    // and no surviving worker is still running a task of the call.
    expect(pids.filter(isRunning).length).toBeLessThan(2)
    expect(await busyAmong(pids)).toEqual([])
    // And the pool still works.
    expect(await multitask((_: null, i: number) => i * 2, [1, 2, 3], null, null, { jobs: 2 })).toEqual([2, 4, 6])
  })

  it('terminates busy workers when the caller aborts', async () => {
    const pids = await warmPool()
    const controller = new AbortController()
    // Both workers meet, then spin for a minute.
    const call = multitask(meet, [1, 2, 3, 4], meeting(2, 60_000), null, { jobs: 2, signal: controller.signal })
    call.catch(() => undefined)
    // Abort once both workers are spinning on the call's tasks.
    let busy: number[] = []
    for (let tries = 0; tries < 300 && busy.length < 2; tries++) busy = await busyAmong(pids, 100)
    expect(busy).toHaveLength(2)
    controller.abort()
    await expect(call).rejects.toBeInstanceOf(AbortError)
    expect(busy.filter(isRunning)).toEqual([])
  })
})

describe('timeout', () => {
  it('stops a task that runs too long and replaces its worker', async () => {
    const pids = await warmPool()
    const error = await multitask(failFastOthersSpin, [1, 2], null, null, { jobs: 2, timeout: 300 }).catch((e: unknown) => e)
    expect(error).toMatchObject({ name: 'TimeoutError', timeoutMs: 300 })
    // The workers that spun are stopped (replacements, which may be starting up, have new pids)...
    expect(await busyAmong(pids)).toEqual([])
    // ...and the pool still works.
    expect(await multitask((_: null, i: number) => i * 2, [1, 2, 3], null, null, { jobs: 2 })).toEqual([2, 4, 6])
  })
})
