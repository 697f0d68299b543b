import fc from 'fast-check'
import { afterAll, describe, expect } from 'vitest'
import { failedTaskIndex } from '@multitask/core'
import { BACKENDS, endAll, row, watchdog } from './backends.ts'

// FUZZ_RUNS=500 npm test -w @multitask/reliability for a longer run; FUZZ_SEED to replay one.
const NUM_RUNS = Number(process.env.FUZZ_RUNS ?? 40)
const SEED = Number(process.env.FUZZ_SEED ?? 20261129)

afterAll(endAll)

const FAILING_ITEM = 13

/** The task under test: sync or async, form 1 or 2, and it throws on one item value when asked to. */
function task(args: { k: number; async: boolean; fails: boolean }, kwargsOrItem: unknown, maybeItem?: unknown): unknown {
  const item = (maybeItem ?? kwargsOrItem) as number
  const add = maybeItem === undefined ? 0 : (kwargsOrItem as { add: number }).add
  if (args.fails && item === 13) throw new RangeError(`item ${item} is unlucky`)
  const value = item * args.k + add
  return args.async ? new Promise((resolve) => setTimeout(() => resolve(value), item % 3)) : value
}
// Shipped as source, so it must not name outer variables.
const taskSource = task

const good = { jobs: fc.oneof(fc.constant(undefined), fc.constant(null), fc.integer({ min: -3, max: 4 }), fc.double({ min: -3, max: 4, noNaN: true })) }
const maxNbytes = fc.oneof(
  fc.constant<unknown>(undefined),
  fc.constant(null),
  fc.nat({ max: 4096 }),
  fc.constantFrom('1K', '1M', ' 2 k '),
  fc.constantFrom('1 MB', 'x', -1, Number.NaN), // malformed: the documented error
)

const scenario = fc.record({
  items: fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 60 }),
  skipBits: fc.option(fc.array(fc.boolean(), { maxLength: 61 }), { nil: undefined }),
  skipMatches: fc.boolean(), // most masks fit; the others must fail with a RangeError
  jobs: good.jobs,
  maxNbytes,
  api: fc.constantFrom('multitask', 'ordered', 'unordered'),
  lazy: fc.boolean(), // a generator instead of an array
  timeout: fc.constantFrom(null, 60_000), // never fires
  k: fc.integer({ min: -5, max: 5 }),
  async: fc.boolean(),
  form2: fc.boolean(),
  fails: fc.boolean(),
})

type Scenario = typeof scenario extends fc.Arbitrary<infer S> ? S : never

describe.each(BACKENDS)('fuzzing on $name', (b) => {
  row(b, `random options, inputs and skip masks: the serial map or the documented error, never a hang (${NUM_RUNS} runs, seed ${SEED})`, {}, async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s: Scenario) => {
        let skip: boolean[] | undefined
        if (s.skipBits !== undefined) {
          skip = s.items.map((_, i) => s.skipBits![i % Math.max(1, s.skipBits!.length)] ?? false)
          if (!s.skipMatches) skip = s.skipBits.length === s.items.length ? [...s.skipBits, false] : s.skipBits
        }
        const kept = s.items.filter((_, i) => !skip?.[i])
        const args = { k: s.k, async: s.async, fails: s.fails }
        const kwargs = s.form2 ? { add: 100 } : null
        const expected = kept.map((item) => item * s.k + (s.form2 ? 100 : 0))
        const badBytes = typeof s.maxNbytes === 'number' ? !(s.maxNbytes >= 0) : s.maxNbytes === '1 MB' || s.maxNbytes === 'x'
        const badSkip = skip !== undefined && skip.length !== s.items.length
        const failing = s.fails ? kept.indexOf(FAILING_ITEM) : -1

        const input = s.lazy ? (function* () { yield* s.items })() : s.items
        const options = { jobs: s.jobs, skip, maxNbytes: s.maxNbytes as never, timeout: s.timeout }
        const running =
          s.api === 'multitask'
            ? b.run(taskSource, input, args, kwargs, options)
            : b.iter(taskSource, input, args, kwargs, { ...options, ordered: s.api === 'ordered' })
        const outcome = await watchdog(
          running.then((value) => ({ value }), (error: unknown) => ({ error })),
          30_000,
          `scenario ${JSON.stringify(s)}`,
        )

        if (badBytes) {
          expect(outcome).toMatchObject({ error: expect.any(Error) })
          expect(String((outcome as { error: Error }).error.message)).toMatch(/`maxNbytes` must be/)
        } else if (badSkip && failing >= 0 && s.lazy && s.api !== 'multitask') {
          // A generator's mask mismatch shows only when reached: the task error may come first.
          const { error } = outcome as { error: Error }
          expect(error).toBeInstanceOf(Error)
          expect(error.message).toMatch(/`skip` has \d+ entries but `iterable` has|is unlucky/)
        } else if (badSkip) {
          // Known-length input (or multitask, which reads it all first) fails up front; a generator when the mask runs out.
          expect(outcome).toMatchObject({ error: expect.any(RangeError) })
          expect((outcome as { error: Error }).error.message).toMatch(/`skip` has \d+ entries but `iterable` has/)
        } else if (failing >= 0) {
          expect(outcome).toMatchObject({ error: { name: 'RangeError', message: `item ${FAILING_ITEM} is unlucky` } })
          expect(failedTaskIndex((outcome as { error: unknown }).error)).toBe(failing)
        } else if (s.api === 'unordered') {
          const got = (outcome as { value: Array<{ index: number; value: number }> }).value
          expect(got.map((r) => r.index).sort((x, y) => x - y)).toEqual(expected.map((_, i) => i))
          for (const r of got) expect(r.value).toBe(expected[r.index])
        } else {
          expect(outcome).toEqual({ value: expected })
        }
      }),
      { seed: SEED, numRuns: NUM_RUNS, endOnFailure: true },
    )
  }, 180_000)
})
