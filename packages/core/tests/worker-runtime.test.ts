import { describe, expect, it } from 'vitest'
import { createWorkerRuntime, type CallPayload } from '@multitask/core/worker'

// The worker side, driven directly as a backend's worker entry drives it (this file's
// process plays the worker).
const payload = (callId: string, source = '(args, i) => args[i] + 10'): CallPayload => ({
  callId,
  task: { kind: 'source', source },
  args: [1, 2, 3],
  kwargs: null,
  form: 1,
  nesting: { level: 1, cpuBudget: 1 },
  captureLogs: false,
})

describe('createWorkerRuntime', () => {
  it('knows which calls it holds, so a payload sent again is not decoded again', async () => {
    const runtime = createWorkerRuntime()
    expect(runtime.has('a')).toBe(false)
    expect(await runtime.handle({ callId: 'a', start: 0, items: [0, 1], payload: payload('a') })).toMatchObject({ kind: 'done', results: [11, 12] })
    expect(runtime.has('a')).toBe(true)
    expect(await runtime.handle({ callId: 'a', start: 2, items: [2] })).toMatchObject({ kind: 'done', results: [13] })
    runtime.forget('a')
    expect(runtime.has('a')).toBe(false)
    expect(await runtime.handle({ callId: 'a', start: 2, items: [2] })).toEqual({ kind: 'need-payload' })
  })

  it('keeps one rebuilt function per source across calls', async () => {
    const runtime = createWorkerRuntime()
    const counting = 'function counted(args, i) { counted.n = (counted.n ?? 0) + 1; return counted.n }'
    const first = await runtime.handle({ callId: 'b', start: 0, items: [0, 1], payload: payload('b', counting) })
    const second = await runtime.handle({ callId: 'c', start: 0, items: [0], payload: payload('c', counting) })
    const other = await runtime.handle({ callId: 'd', start: 0, items: [0], payload: payload('d', counting + ' ') })
    expect([first, second, other]).toMatchObject([{ results: [1, 2] }, { results: [3] }, { results: [1] }])
  })

  it('keeps the results of the tasks that finished before a task used a missing variable (issue 17)', async () => {
    const runtime = createWorkerRuntime()
    const ran: number[] = []
    ;(globalThis as { ranInWorker?: number[] }).ranInWorker = ran
    const source = '(args, i) => { globalThis.ranInWorker.push(i); return i === 12 ? notHere : args[0] + i }'
    const reply = await runtime.handle({ callId: 'e', start: 10, items: [10, 11, 12, 13], payload: payload('e', source) })
    expect(reply).toMatchObject({ kind: 'fallback', reason: expect.stringContaining('`notHere`'), finished: { results: [11, 12] } })
    expect(ran).toEqual([10, 11, 12]) // task 13 never started
  })
})
