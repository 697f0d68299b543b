import { afterAll, describe, expect } from 'vitest'
import { WorkerTerminatedError } from '@multitask/core'
import { BACKENDS, double, endAll, range, rejectionOf, row, type NotApplicable } from './backends.ts'

const tasks = new URL('./fixtures/tasks.mjs', import.meta.url)

const IN_CALLER = "no worker: tasks run in the caller's thread, so this ends the caller itself, as in a plain loop"
const THREAD_IN_CALLER = "a thread is part of the caller's process: killing that process kills the caller"

afterAll(endAll)

// A dead worker must fail the call with a WorkerTerminatedError that says how it died
// (rejectionOf's watchdog turns a hang into a failure), and the next call must work.
// serial has no worker to die: every row is n.a. there (see IN_CALLER).
describe.each(BACKENDS.filter((b) => b.name !== 'serial'))('worker death on $name', (b) => {
  const nextCallWorks = async () => expect(await b.run(double, range(6), null)).toEqual([0, 2, 4, 6, 8, 10])

  for (const code of [0, 3]) {
    row(b, `process.exit(${code}) in a task: WorkerTerminatedError with exit code ${code}`, { serial: IN_CALLER }, async () => {
      const exits = new Function('_', 'i', `if (i === 2) process.exit(${code}); return i`)
      const error = await rejectionOf(b.run(exits, range(6), null, null, { onProgress: null }))
      expect(error).toBeInstanceOf(WorkerTerminatedError)
      expect(error).toMatchObject({ code: 'ERR_MULTITASK_WORKER_TERMINATED', exitCode: code, signal: null })
      expect((error as WorkerTerminatedError).taskIndex).toBeLessThanOrEqual(2)
      expect((error as Error).message).toMatch(new RegExp(`exited with code ${code} while running task \\d`))
      await nextCallWorks()
    })
  }

  const processesOnly: NotApplicable = { serial: IN_CALLER, threading: THREAD_IN_CALLER }
  row(b, 'a task kills its own process with SIGKILL: WorkerTerminatedError naming the signal', processesOnly, async () => {
    const killsItself = (_: null, i: number) => {
      if (i === 1) process.kill(process.pid, 'SIGKILL')
      return i
    }
    const error = await rejectionOf(b.run(killsItself, range(4), null))
    expect(error).toBeInstanceOf(WorkerTerminatedError)
    expect(error).toMatchObject({ signal: 'SIGKILL', exitCode: null })
    expect((error as Error).message).toMatch(/killed by SIGKILL while running task [01]/)
    await nextCallWorks()
  })

  const threadLimits: NotApplicable = {
    serial: "no worker: the task runs in the caller's heap, whose limit is the caller's own",
    loky: 'worker processes have no resourceLimits; their heap limit is the next row',
  }
  row(b, 'a thread over its resourceLimits: WorkerTerminatedError (out of memory)', threadLimits, async () => {
    const limits = { resourceLimits: { maxOldGenerationSizeMb: 32, maxYoungGenerationSizeMb: 8 } }
    const error = await rejectionOf(b.run({ module: tasks, name: 'exhaustMemory' }, range(2), null, null, {}, limits))
    expect(error).toBeInstanceOf(WorkerTerminatedError)
    expect((error as Error).message).toMatch(/ran out of memory/)
    expect(await b.run(double, range(4), null, null, {}, limits)).toEqual([0, 2, 4, 6])
    await nextCallWorks()
  })

  const heapLimit: NotApplicable = {
    serial: "no worker: the task runs in the caller's heap, whose limit is the caller's own",
    threading: 'a thread takes no execArgv heap limit; its limit is resourceLimits (previous row)',
  }
  row(b, 'a process over its --max-old-space-size: WorkerTerminatedError (V8 aborts it)', heapLimit, async () => {
    const small = { execArgv: ['--max-old-space-size=48'] }
    const error = await rejectionOf(b.run({ module: tasks, name: 'exhaustMemory' }, range(2), null, null, {}, small))
    expect(error).toBeInstanceOf(WorkerTerminatedError)
    // V8's fatal out-of-memory handler aborts the process.
    expect(error).toMatchObject({ signal: 'SIGABRT' })
    expect(await b.run(double, range(4), null, null, {}, small)).toEqual([0, 2, 4, 6])
    await nextCallWorks()
  })

  row(b, 'a task that throws after a worker died still fails cleanly, and the pool serves a second call', { serial: IN_CALLER }, async () => {
    const exits = (_: null, i: number) => {
      if (i === 0) process.exit(1)
      return i
    }
    await rejectionOf(b.run(exits, range(2), null))
    const throws = (_: null, i: number) => {
      if (i === 3) throw new RangeError('late')
      return i
    }
    expect(await rejectionOf(b.run(throws, range(8), null))).toMatchObject({ name: 'RangeError', message: 'late' })
    await nextCallWorks()
  })
})
