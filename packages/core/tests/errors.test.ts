import { describe, expect, it } from 'vitest'
import { AbortError, BackendNotInstalledError, FallbackToSeries, MultitaskError, RemoteTaskError, TaskModuleError, TimeoutError, UnknownBackendError, WorkerTerminatedError } from '@multitask/core'
import { reviveError, serializeError } from '@multitask/core/backend'

describe('error classes', () => {
  it('have stable names and codes', () => {
    const cases: Array<[Error & { code: string }, string, string]> = [
      [new BackendNotInstalledError('loky', '@multitask/loky'), 'BackendNotInstalledError', 'ERR_MULTITASK_BACKEND_NOT_INSTALLED'],
      [new UnknownBackendError('x', []), 'UnknownBackendError', 'ERR_MULTITASK_UNKNOWN_BACKEND'],
      [new TaskModuleError('m', 'n', 'msg'), 'TaskModuleError', 'ERR_MULTITASK_TASK_MODULE'],
      [new WorkerTerminatedError({ exitCode: 3, taskIndex: 7 }), 'WorkerTerminatedError', 'ERR_MULTITASK_WORKER_TERMINATED'],
      [new TimeoutError(4, 100), 'TimeoutError', 'ERR_MULTITASK_TIMEOUT'],
      [new AbortError('stop'), 'AbortError', 'ERR_MULTITASK_ABORTED'],
      [new FallbackToSeries('why'), 'FallbackToSeries', 'ERR_MULTITASK_FALLBACK_TO_SERIES'],
    ]
    for (const [error, name, code] of cases) {
      expect(error).toBeInstanceOf(MultitaskError)
      expect(error.name).toBe(name)
      expect(error.code).toBe(code)
    }
  })

  it('say what happened to a worker', () => {
    expect(new WorkerTerminatedError({ exitCode: 3, taskIndex: 7 }).message).toBe('A worker exited with code 3 while running task 7.')
    expect(new WorkerTerminatedError({ signal: 'SIGKILL' }).message).toBe('A worker was killed by SIGKILL.')
    expect(new TimeoutError(4, 100).message).toBe('Task 4 did not finish within 100 ms.')
    expect(new AbortError('user').cause).toBe('user')
    expect(new BackendNotInstalledError('loky', '@multitask/loky').message).toMatch(/npm install @multitask\/loky/)
  })
})

describe('errors crossing to the caller', () => {
  it('keep class name, message, stack and fields', () => {
    class Custom extends Error {
      override name = 'Custom'
      code = 'E_X'
      detail = { n: 1 }
    }
    const original = new Custom('broke')
    const revived = reviveError(structuredClone(serializeError(original)), 5) as RemoteTaskError & { code: string; detail: unknown }
    expect(revived).toBeInstanceOf(RemoteTaskError)
    expect(revived.name).toBe('Custom')
    expect(revived.message).toBe('broke')
    expect(revived.stack).toBe(original.stack)
    expect(revived.code).toBe('E_X')
    expect(revived.detail).toEqual({ n: 1 })
    expect(revived.taskIndex).toBe(5)
  })

  it('bring back thrown non-errors as they were', () => {
    for (const value of ['a string', undefined, 42, { plain: true }]) {
      expect(reviveError(structuredClone(serializeError(value)), 0)).toEqual(value)
    }
    expect(reviveError(serializeError(() => 1), 0)).toMatch(/=>/)
  })
})
