// The conformance kit itself: it passes a correct backend and fails each kind of broken
// one, driving real worker threads (fixtures/thread-backend.ts) through the public API.
import { afterAll, describe, expect, it } from 'vitest'
import { registerParallelBackend } from '@multitask/core'
import {
  conformanceCases,
  defineConformanceTests,
  runConformance,
  type BatchOutcome,
  type ConformanceResult,
  type ParallelBackend,
  type TestRegistrar,
} from '@multitask/core/backend'
import { ThreadBackend } from './fixtures/thread-backend.js'

const threads = new ThreadBackend(2)
afterAll(() => threads.terminate())

/** The thread backend with its batches' outcomes (or errors) passed through `breakIt`. */
function broken(name: string, breakIt: { outcome?: (o: BatchOutcome) => BatchOutcome; error?: (e: unknown) => unknown; serial?: boolean }): string {
  let queue = Promise.resolve()
  const backend: ParallelBackend = {
    name,
    runsOn: 'threads',
    supportsSharedMemory: true,
    supportsTimeout: false,
    startCall: (call) => threads.startCall(call),
    endCall: (call) => threads.endCall(call),
    runBatch: async (call, batch) => {
      const run = () => threads.runBatch(call, batch).then(breakIt.outcome ?? ((o) => o), (e: unknown) => Promise.reject(breakIt.error?.(e) ?? e))
      if (!breakIt.serial) return run()
      const result = queue.then(run)
      queue = result.then(() => undefined, () => undefined)
      return result
    },
  }
  registerParallelBackend(name, () => backend)
  return name
}

/** Opt-outs for every case but `names`, so a run checks only those. */
const only = (...names: string[]) =>
  Object.fromEntries(conformanceCases.filter((c) => !names.includes(c.name)).map((c) => [c.name, 'not the case under test']))

const failed = (results: ConformanceResult[]) => results.filter((r) => !r.ok).map((r) => r.name)
const ran = (results: ConformanceResult[]) => results.filter((r) => r.skipped === undefined).map((r) => r.name)

describe('the conformance kit', () => {
  it('passes a correct backend, and says why the cases it cannot run do not apply', async () => {
    const skip = { 'uncopyable-args-fallback': "the fixture's postMessage rejects uncloneable args instead of asking for series" }
    const results = await runConformance({ backend: broken('kit-correct', {}), capabilities: threads, skip })
    expect(failed(results), String(results.find((r) => !r.ok)?.error)).toEqual([])
    expect(results.filter((r) => r.skipped !== undefined)).toEqual([
      expect.objectContaining({ name: 'uncopyable-args-fallback', ok: true, skipped: `opted out: ${skip['uncopyable-args-fallback']}` }),
      expect.objectContaining({ name: 'timeout', ok: true, skipped: 'not applicable: the backend does not declare supportsTimeout' }),
      expect.objectContaining({ name: 'shutdown', skipped: 'not applicable: the options give no `shutdown` and `liveWorkers` hooks' }),
      expect.objectContaining({ name: 'max-tasks-per-worker', skipped: 'not applicable: the backend does not declare supportsMaxTasksPerWorker' }),
      expect.objectContaining({ name: 'worker-memory-limit', skipped: 'not applicable: the backend does not declare supportsWorkerMemoryLimit' }),
    ])
  }, 120_000)

  it('fails a backend that returns a batch in the wrong order', async () => {
    const backend = broken('kit-reversed', { outcome: (o) => ({ ...o, results: [...o.results].reverse() }) })
    const results = await runConformance({ backend, skip: only('seed-form-1', 'input-order', 'iter-ordered') })
    expect(failed(results)).toEqual(['seed-form-1', 'input-order', 'iter-ordered'])
  })

  it("fails a backend that drops the tasks' log records", async () => {
    const results = await runConformance({ backend: broken('kit-no-logs', { outcome: ({ logs: _, ...o }) => o }), skip: only('logger-order') })
    expect(failed(results)).toEqual(['logger-order'])
  })

  it("fails a backend that replaces a task's error with its own", async () => {
    const backend = broken('kit-own-errors', { error: () => new Error('a batch failed') })
    const results = await runConformance({ backend, skip: only('task-error', 'non-error-thrown', 'module-reference') })
    expect(failed(results)).toEqual(['task-error', 'non-error-thrown', 'module-reference'])
  })

  it('fails a backend that runs one batch at a time', async () => {
    const results = await runConformance({ backend: broken('kit-one-at-a-time', { serial: true }), skip: only('parallel-workers'), caseTimeoutMs: 3_000 })
    expect(ran(results)).toEqual(['parallel-workers'])
    expect(String(results.find((r) => r.name === 'parallel-workers')!.error)).toMatch(/did not settle within 3000 ms/)
  }, 30_000)
})

describe('defineConformanceTests', () => {
  function recorder() {
    const calls: string[] = []
    const test: TestRegistrar = {
      describe: (name, body) => (calls.push(`describe ${name}`), body()),
      it: (name, _body, timeout) => calls.push(`it ${name.split(':')[0]} ${timeout}`),
      skip: (name) => calls.push(`skip ${name}`),
    }
    return { test, calls }
  }

  it('registers one test per case in a block named after the backend, opt-outs as skipped tests with their reason', () => {
    const { test, calls } = recorder()
    defineConformanceTests(test, { backend: 'mine', skip: { 'module-reference': 'modules are not on the workers' }, caseTimeoutMs: 1_000 })
    expect(calls[0]).toBe('describe mine backend conformance')
    expect(calls).toContain('it seed-form-1 6000')
    expect(calls).toContainEqual(expect.stringMatching(/^skip module-reference: .*\(opted out: modules are not on the workers\)$/))
    expect(calls).toContainEqual(expect.stringMatching(/^skip timeout: .*\(not applicable: the backend does not declare supportsTimeout\)$/))
    expect(calls).toHaveLength(1 + conformanceCases.length)
  })

  it('rejects options that name no case, give no reason, or ask for fewer than 2 workers', () => {
    const { test } = recorder()
    expect(() => defineConformanceTests(test, { backend: 'mine', skip: { 'no-such-case': 'x' } })).toThrow(/`skip` names no conformance case: 'no-such-case'\. The cases are: seed-form-1, /)
    expect(() => defineConformanceTests(test, { backend: 'mine', skip: { timeout: ' ' } })).toThrow(/`skip\['timeout'\]` must give the reason/)
    expect(() => defineConformanceTests(test, { backend: 'mine', nJobs: 1 })).toThrow(RangeError)
    expect(() => defineConformanceTests(test, { backend: '' })).toThrow(/`backend` must be the registered name/)
    expect(() => defineConformanceTests(test, { backend: 'mine', setup: () => undefined })).toThrow(/need the `beforeAll` and `afterAll`/)
  })
})
