import { afterAll, describe, expect, it } from 'vitest'
import { multitask, parallelBackend } from '@multitask/core'
import { lokyBackend, shutdown } from '@multitask/loky'
import { waitUntilGone } from './fixtures/process-table.ts'
import { meet, meeting, removeMeetings } from './fixtures/meeting.ts'

// Issue 20 on processes; the kit's cases (conformance.test.ts) check the limits themselves.
afterAll(async () => {
  await shutdown()
  removeMeetings()
})

// 5 ms each, so that every worker of the call takes some.
const pidOf = (_: null, i: number): [number, number] => {
  const end = Date.now() + 5
  while (Date.now() < end);
  return [i, process.pid]
}
const items = (n: number) => Array.from({ length: n }, (_, i) => i)

describe('worker limits on processes', () => {
  it('ends the processes it replaces, and leaves none after shutdown()', async () => {
    const ran: Array<[number, number]> = await multitask(pidOf, items(20), null, null, { jobs: 2, forceProcesses: true, maxTasksPerWorker: 5 })
    expect(ran.map(([i]) => i)).toEqual(items(20))
    const pids = [...new Set(ran.map(([, pid]) => pid))]
    expect(pids.length).toBeGreaterThanOrEqual(4)
    const current = lokyBackend.pids()
    expect(await waitUntilGone(pids.filter((pid) => !current.includes(pid)))).toEqual([])
    await shutdown()
    expect(await waitUntilGone([...pids, ...current])).toEqual([])
  })

  it('keeps the same 2 processes for the whole call without limits', async () => {
    // The first two tasks meet, so both processes take tasks however slowly one starts; each task returns its pid.
    const pids = (await multitask(meet, items(40), meeting(2), null, { jobs: 2, forceProcesses: true })) as number[]
    expect(new Set(pids).size).toBe(2)
  })

  it('lets idle processes go after idleTimeout, and the next call still works', async () => {
    const call = () => parallelBackend('loky', { nJobs: 2, idleTimeout: 50 }, () => multitask(pidOf, items(4), null, null))
    const pids = [...new Set((await call()).map(([, pid]: number[]) => pid!))]
    expect(await waitUntilGone(pids)).toEqual([])
    expect((await call()).map(([i]: number[]) => i)).toEqual(items(4))
  })
})
