import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict'
import { AbortError, failedTaskIndex, multitask, TimeoutError } from '../index.js'
import type { ConformanceCase } from './case.js'
import { range, rejectionOf, sleep } from './driver.js'
import { meetOnEveryWorker } from './meeting.js'

const slowIdentity = async (ms: number, x: number): Promise<number> => {
  await new Promise((resolve) => setTimeout(resolve, ms))
  return x
}
// A synchronous loop: only a backend that can stop a running worker ends it before its 60 s.
const busyAt = (at: number, i: number): number => {
  if (i === at) {
    const end = Date.now() + 60_000
    while (Date.now() < end) {
      // busy
    }
  }
  return i
}

/** Workers running at once, and stopping a call from outside: a signal, a per-task timeout, the backend's shutdown. */
export const controlCases: readonly ConformanceCase[] = [
  {
    name: 'parallel-workers',
    title: 'a call with nJobs workers runs nJobs tasks at once',
    run: async (driver) => deepStrictEqual(await meetOnEveryWorker(driver), range(driver.options.nJobs)),
  },
  {
    name: 'abort-signal',
    title: 'an AbortSignal aborted mid-run rejects promptly with an AbortError carrying the reason, and a later call works',
    run: async (driver) => {
      const controller = new AbortController()
      const reason = new Error('stopped by the conformance kit')
      // 1000 tasks of 20 ms on 2 workers take 10 s: the abort lands mid-run.
      const call = driver.within(() => multitask(slowIdentity, range(1000), 20, null, { signal: controller.signal }))
      await sleep(300)
      const abortedAt = Date.now()
      controller.abort(reason)
      const { thrown } = await rejectionOf(call)
      ok(thrown instanceof AbortError, `expected an AbortError, got ${String(thrown)}`)
      strictEqual(thrown.name, 'AbortError')
      strictEqual(thrown.cause, reason)
      const took = Date.now() - abortedAt
      ok(took < 5_000, `the call took ${took} ms to reject after the abort`)
      deepStrictEqual(await driver.within(() => multitask(slowIdentity, range(4), 1, null)), range(4))
    },
  },
  {
    name: 'timeout',
    title: 'a task over `timeout` fails the call with a TimeoutError naming it; its worker is stopped and a later call works',
    notApplicable: ({ capabilities }) => (capabilities.supportsTimeout ? undefined : 'the backend does not declare supportsTimeout'),
    run: async (driver) => {
      const { thrown } = await rejectionOf(driver.within(() => multitask(busyAt, range(4), 1, null, { timeout: 500 })))
      ok(thrown instanceof TimeoutError, `expected a TimeoutError, got ${String(thrown)}`)
      strictEqual(thrown.name, 'TimeoutError')
      strictEqual(failedTaskIndex(thrown), 1)
      // Every worker is needed at once again: one still looping would leave the meeting short.
      deepStrictEqual(await meetOnEveryWorker(driver), range(driver.options.nJobs))
    },
  },
  {
    name: 'shutdown',
    title: "after the backend's shutdown no worker of it is left, and a later call starts new ones",
    notApplicable: ({ shutdown, liveWorkers }) =>
      shutdown !== undefined && liveWorkers !== undefined ? undefined : 'the options give no `shutdown` and `liveWorkers` hooks',
    run: async (driver) => {
      const shutdown = driver.options.shutdown!
      const liveWorkers = driver.options.liveWorkers!
      const goneWithin = async (ms: number): Promise<number> => {
        const deadline = Date.now() + ms
        let live = await liveWorkers()
        while (live > 0 && Date.now() < deadline) {
          await sleep(50)
          live = await liveWorkers()
        }
        return live
      }
      deepStrictEqual(await driver.within(() => multitask(slowIdentity, range(8), 10, null)), range(8))
      ok((await liveWorkers()) > 0, 'liveWorkers() counts no worker after a parallel call: the hook cannot see them')
      await shutdown()
      strictEqual(await goneWithin(5_000), 0, 'workers still alive 5 s after shutdown()')
      deepStrictEqual(await driver.within(() => multitask(slowIdentity, range(8), 10, null)), range(8))
      await shutdown()
      strictEqual(await goneWithin(5_000), 0, 'workers still alive 5 s after the second shutdown()')
    },
  },
]
