import { afterAll, describe, expect, it } from 'vitest'
import { multitask, parallelBackend } from '@multitask/core'
import { shutdown, threadingBackend } from '@multitask/threading'

afterAll(() => shutdown())

describe('backend options', () => {
  it('reject unknown options and bad values, naming the option and the value', () => {
    expect(() => threadingBackend({ idleTimout: 5 } as never)).toThrow(/Unknown option `idleTimout` of the "threading" backend/)
    expect(() => threadingBackend({ idleTimeout: -1 })).toThrow(/`idleTimeout` must be .* received -1/)
    expect(() => threadingBackend({ resourceLimits: 5 as never })).toThrow(/`resourceLimits` must be an object .* received 5/)
    expect(() => threadingBackend({ resourceLimits: { maxOldGenerationSizeMb: 0 } })).toThrow(
      /`resourceLimits.maxOldGenerationSizeMb` must be a positive number .* received 0/,
    )
    expect(() => threadingBackend({ resourceLimits: { heapMb: 1 } as never })).toThrow(/Unknown `resourceLimits.heapMb`/)
    expect(() => threadingBackend({ bufferPoolSize: 'lots' })).toThrow(/`bufferPoolSize` must be .* received 'lots'/)
    expect(() => threadingBackend({ bufferPoolIdle: -5 })).toThrow(/`bufferPoolIdle` must be .* received -5/)
  })

  it('fail the call before any thread starts', async () => {
    await expect(
      parallelBackend('threading', { nJobs: 2, idleTimeout: 'soon' as never }, () => multitask((_: null, i: number) => i, [1, 2], null, null)),
    ).rejects.toThrow(TypeError)
  })

  it('share one backend between calls with the same options', () => {
    expect(threadingBackend({ idleTimeout: 1000 })).toBe(threadingBackend({ idleTimeout: 1000 }))
    expect(threadingBackend({ idleTimeout: 1000 })).not.toBe(threadingBackend({ idleTimeout: 2000 }))
  })
})
