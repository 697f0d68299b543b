import { afterAll, describe, expect, it } from 'vitest'
import { multitask, parallelBackend, WorkerTerminatedError } from '@multitask/core'
import { createLokyBackend, lokyBackend, shutdown } from '@multitask/loky'
import { waitUntilReaped } from './fixtures/process-table.ts'

afterAll(() => shutdown())

const addTen = (args: number[], i: number) => args[i]! + 10

describe('a worker that dies', () => {
  it('fails the call with the exit code and the task index when a task calls process.exit(3)', async () => {
    const error = await multitask(
      (_: null, i: number) => {
        if (i === 3) process.exit(3)
        return i
      },
      [0, 1, 2, 3, 4, 5],
      null,
      null,
      { jobs: 2 },
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(WorkerTerminatedError)
    expect(error).toMatchObject({ exitCode: 3, signal: null, code: 'ERR_MULTITASK_WORKER_TERMINATED' })
    // The index of the first task of the batch that was running; task 3 is in it.
    expect((error as WorkerTerminatedError).taskIndex).toBeLessThanOrEqual(3)
    expect((error as Error).message).toMatch(/exited with code 3 while running task \d/)
  })

  it('names the signal when a task kills its own process, and the next call gets a healthy pool', async () => {
    const error = await multitask(
      (_: null, i: number) => {
        if (i === 0) process.kill(process.pid, 'SIGKILL')
        return i
      },
      [0, 1, 2, 3],
      null,
      null,
      { jobs: 2 },
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(WorkerTerminatedError)
    expect(error).toMatchObject({ signal: 'SIGKILL', taskIndex: 0 })
    expect((error as Error).message).toContain('killed by SIGKILL while running task 0')

    expect(await multitask(addTen, [0, 1, 2, 3], [0, 1, 2, 3], null, { jobs: 2 })).toEqual([10, 11, 12, 13])
  })

  it('survives a worker killed from outside while idle', async () => {
    await multitask(addTen, [0, 1, 2, 3], [0, 1, 2, 3], null, { jobs: 2 })
    const [victim] = lokyBackend.pids()
    process.kill(victim!, 'SIGKILL')
    // Reaped means this process has seen the exit; a batch sent to a worker in the
    // instant between its death and that moment fails like any batch of a dying worker.
    expect(await waitUntilReaped(victim!)).toBe(true)
    expect(await multitask(addTen, [0, 1, 2, 3], [0, 1, 2, 3], null, { jobs: 2 })).toEqual([10, 11, 12, 13])
  })

  it('fails instead of hanging when worker processes cannot start', async () => {
    const broken = createLokyBackend({ execArgv: ['--no-such-node-option'] })
    try {
      const error = await parallelBackend(broken, { nJobs: 2 }, () => multitask(addTen, [0, 1, 2, 3], [0, 1, 2, 3], null)).catch(
        (e: unknown) => e,
      )
      expect(error).toBeInstanceOf(WorkerTerminatedError)
      expect((error as Error).message).toMatch(/could not start \(exit code 9\)/)
    } finally {
      await broken.terminate!()
    }
  })
})
