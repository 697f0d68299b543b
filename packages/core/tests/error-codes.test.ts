import { afterAll, describe, expect, it } from 'vitest'
import { MultitaskError, RemoteTaskError, multitask, multitaskIter, parallelBackend, parseMaxNbytes, registerParallelBackend } from '@multitask/core'
import { BackendCache } from '@multitask/core/backend'
import { ThreadBackend } from './fixtures/thread-backend.js'

// Issue 17: every error multitask raises has a stable code, and a task's own code survives.
const backend = new ThreadBackend(2)
afterAll(() => backend.terminate())
const failing = new URL('./fixtures/failing-tasks.mjs', import.meta.url)
const onWorkers = <T>(fn: () => Promise<T>) => parallelBackend(backend, { nJobs: 2 }, fn)

describe("a task's error from a worker", () => {
  it('is a MultitaskError, keeping the task’s own name and code (ENOENT); multitask’s code is in multitaskCode', async () => {
    const error = (await onWorkers(() => multitask({ module: failing, name: 'readMissing' }, ['a', 'b'], null, null)).catch((e: unknown) => e)) as RemoteTaskError
    expect(error).toBeInstanceOf(RemoteTaskError)
    expect(error).toBeInstanceOf(MultitaskError)
    expect(error.name).toBe('Error')
    expect(error.code).toBe('ENOENT')
    expect(error.multitaskCode).toBe('ERR_MULTITASK_TASK_FAILED')
    expect(error.message).toContain('/nonexistent-multitask-fixture/')
    expect((error as unknown as { syscall: string }).syscall).toBe('open')
  })

  it('has no code when the task’s error had none, rather than one multitask made up', async () => {
    const error = (await onWorkers(() => multitask({ module: failing, name: 'plainFailure' }, [0, 1], null, null)).catch((e: unknown) => e)) as RemoteTaskError
    expect(error.name).toBe('SyntaxError')
    expect(error.code).toBeUndefined()
    expect(error.multitaskCode).toBe('ERR_MULTITASK_TASK_FAILED')
  })
})

describe('argument errors', () => {
  const cases: Array<[string, () => unknown, string, string]> = [
    ['jobs', () => multitask((_: null, i: number) => i, [1], null, null, { jobs: Number.NaN }), 'RangeError', 'ERR_MULTITASK_OUT_OF_RANGE'],
    ['jobs type', () => multitask((_: null, i: number) => i, [1], null, null, { jobs: 'two' as never }), 'TypeError', 'ERR_MULTITASK_INVALID_ARGUMENT'],
    ['skip', () => multitask((_: null, i: number) => i, [1, 2], null, null, { skip: [true] }), 'RangeError', 'ERR_MULTITASK_OUT_OF_RANGE'],
    ['timeout', () => multitask((_: null, i: number) => i, [1], null, null, { timeout: -1 }), 'RangeError', 'ERR_MULTITASK_OUT_OF_RANGE'],
    ['options', () => multitask((_: null, i: number) => i, [1], null, null, 'fast' as never), 'TypeError', 'ERR_MULTITASK_INVALID_ARGUMENT'],
    ['ordered', () => multitaskIter((_: null, i: number) => i, [1], null, null, { ordered: 'yes' as never }), 'TypeError', 'ERR_MULTITASK_INVALID_ARGUMENT'],
    ['maxNbytes', () => parseMaxNbytes('1X'), 'TypeError', 'ERR_MULTITASK_INVALID_ARGUMENT'],
    ['name', () => registerParallelBackend('', () => backend), 'TypeError', 'ERR_MULTITASK_INVALID_ARGUMENT'],
    ['max', () => new BackendCache(() => backend, { max: -1 }), 'RangeError', 'ERR_MULTITASK_OUT_OF_RANGE'],
  ]
  it.each(cases)('stay TypeError/RangeError with a code: %s', async (_option, call, name, code) => {
    const error = await (async () => {
      const value = call()
      if (value !== null && typeof value === 'object' && Symbol.asyncIterator in value) {
        for await (const _ of value as AsyncIterable<unknown>);
      }
      await value
    })().catch((e: unknown) => e)
    expect(error).toMatchObject({ name, code })
    expect(error).not.toBeInstanceOf(MultitaskError)
  })
})
