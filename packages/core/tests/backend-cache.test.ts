import { describe, expect, it } from 'vitest'
import { multitask, parallelBackend } from '@multitask/core'
import { BackendCache, type ParallelBackend } from '@multitask/core/backend'
import { InProcessBackend } from './fixtures/in-process-backend.ts'

/** A real in-process backend that remembers the options it was made for and counts its terminations. */
class Made extends InProcessBackend {
  terminated = 0
  constructor(readonly madeFor: Readonly<Record<string, unknown>>) {
    super()
  }
  async terminate(): Promise<void> {
    this.terminated++
  }
}

function cache(max?: number) {
  const made: Made[] = []
  const backends = new BackendCache(
    (options) => {
      const backend = new Made(options)
      made.push(backend)
      return backend
    },
    max === undefined ? {} : { max },
  )
  return { backends, made }
}

const addTen = (args: number[], i: number) => args[i]! + 10

describe('BackendCache', () => {
  it('keeps options apart that differ only below the top level (issue 17: two Redis hosts shared one backend)', () => {
    const { backends, made } = cache()
    const a = backends.get({ connection: { host: 'a' } })
    const b = backends.get({ connection: { host: 'b' } })
    expect(a).not.toBe(b)
    expect(made.map((backend) => backend.madeFor)).toEqual([{ connection: { host: 'a' } }, { connection: { host: 'b' } }])
    expect(backends.get({ env: { X: '1' } })).not.toBe(backends.get({ env: { X: '2' } }))
  })

  it('shares one backend between equal options, whatever the key order', () => {
    const { backends, made } = cache()
    const a = backends.get({ queue: 'q', connection: { port: 1, host: 'h' } })
    expect(backends.get({ connection: { host: 'h', port: 1 }, queue: 'q' })).toBe(a)
    expect(made).toHaveLength(1)
  })

  it('compares functions and class instances by identity', () => {
    const { backends } = cache()
    const retry = () => 1
    class Socket {}
    const socket = new Socket()
    expect(backends.get({ retry })).toBe(backends.get({ retry }))
    expect(backends.get({ retry })).not.toBe(backends.get({ retry: () => 1 }))
    expect(backends.get({ socket })).toBe(backends.get({ socket }))
    expect(backends.get({ socket })).not.toBe(backends.get({ socket: new Socket() }))
  })

  it('is bounded: past `max`, the least recently used idle backend is terminated and dropped', () => {
    const { backends, made } = cache(2)
    backends.get({ n: 1 })
    backends.get({ n: 2 })
    backends.get({ n: 1 }) // now n: 2 is the least recently used
    backends.get({ n: 3 })
    expect(backends.size).toBe(2)
    expect(made.map((backend) => backend.terminated)).toEqual([0, 1, 0])
    backends.get({ n: 2 }) // made again
    expect(made).toHaveLength(4)
  })

  it('never drops a backend while a call runs on it, and terminates it once the call ends', async () => {
    const { backends, made } = cache(1)
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    const busy = backends.get({ n: 1 })
    const call = parallelBackend(busy, { nJobs: 2 }, () => multitask(async (_: null, i: number) => (await gate, i), [0, 1], null, null))
    await until(() => made[0]!.events.includes('start:2'))
    backends.get({ n: 2 })
    backends.get({ n: 3 })
    expect(made[0]!.terminated).toBe(0)
    expect(made[1]!.terminated).toBe(1) // the idle one went instead
    expect(backends.backends()).toContain(made[0])
    release()
    expect(await call).toEqual([0, 1])
    expect(made[0]!.terminated).toBe(1)
    expect(backends.backends()).not.toContain(made[0])
  })

  it('runs calls through the backend it made, and close() terminates every backend it holds', async () => {
    const { backends, made } = cache()
    const first: ParallelBackend = backends.get({ n: 1 })
    expect(await parallelBackend(first, { nJobs: 2 }, () => multitask(addTen, [0, 1, 2], [1, 2, 3], null))).toEqual([11, 12, 13])
    expect(made[0]!.batches.length).toBeGreaterThan(0)
    backends.get({ n: 2 })
    await backends.close()
    expect(made.map((backend) => backend.terminated)).toEqual([1, 1])
  })

  it("passes warmUp on to the backend it made (multitask starts its workers while a module compiles)", () => {
    const { backends, made } = cache()
    backends.get({}).warmUp?.(3)
    expect(made[0]!.events).toEqual(['warm-up:3'])
  })

  it('refuses a `max` that is not a positive integer, with a RangeError that has a code', () => {
    expect(() => new BackendCache(() => new InProcessBackend(), { max: 0 })).toThrow(
      expect.objectContaining({ name: 'RangeError', code: 'ERR_MULTITASK_OUT_OF_RANGE' }),
    )
  })
})

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10))
  expect(condition()).toBe(true)
}
