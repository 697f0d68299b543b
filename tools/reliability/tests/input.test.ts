import { afterAll, beforeAll, describe, expect } from 'vitest'
import { TaskModuleError } from '@multitask/core'
import { poolStats } from '@multitask/threading'
import { childProcesses } from '../src/probes.ts'
import { BACKENDS, double, endAll, range, rejectionOf, row, watchdog, type BackendUnderTest } from './backends.ts'

const tasks = new URL('./fixtures/tasks.mjs', import.meta.url)

beforeAll(endAll) // no worker of any backend exists: each bad call must leave it so
afterAll(endAll)

/** Checks that the call fails with `kind` and a message matching `message`, and that no worker (thread or process) started. */
async function failsBeforeAnyWorker(b: BackendUnderTest, call: () => Promise<unknown>, kind: new (...a: any[]) => Error, message: RegExp) {
  const error = await rejectionOf(call())
  expect(error).toBeInstanceOf(kind)
  expect((error as Error).message).toMatch(message)
  expect(b.workers()).toBe(0)
  expect(childProcesses(process.pid)).toEqual([])
}

function* throwsAt(n: number) {
  for (let i = 0; ; i++) {
    if (i === n) throw new URIError(`the input broke at item ${n}`)
    yield i
  }
}

describe.each(BACKENDS)('bad input on $name', (b) => {
  row(b, 'an iterable that throws midway: multitask rethrows its error before any worker starts', {}, () =>
    failsBeforeAnyWorker(b, () => b.run(double, throwsAt(500), null), URIError, /^the input broke at item 500$/),
  )

  row(b, 'skip of the wrong length: RangeError saying how many entries and items', {}, async () => {
    for (const skip of [[true, false], range(7).map(() => false)]) {
      await failsBeforeAnyWorker(b, () => b.run(double, range(5), null, null, { skip }), RangeError, /`skip` has \d+ entries but `iterable` has 5 items/)
    }
  })

  row(b, 'skip of the wrong type: TypeError naming skip and the value', {}, async () => {
    for (const skip of ['yes', 42, true, { a: 1 }, Symbol('s')]) {
      await failsBeforeAnyWorker(b, () => b.run(double, range(5), null, null, { skip: skip as never }), TypeError, /`skip` must be/)
    }
  })

  row(b, 'jobs of every strange kind: TypeError or RangeError naming jobs and the value', {}, async () => {
    for (const jobs of ['2', '', true, {}, [], [2], 2n, Symbol('two'), () => 2, new Number(2)]) {
      await failsBeforeAnyWorker(b, () => b.run(double, range(5), null, null, { jobs: jobs as never }), TypeError, /`jobs` must be an integer, null or undefined; received/)
    }
    for (const jobs of [Number.NaN, Infinity, -Infinity]) {
      await failsBeforeAnyWorker(b, () => b.run(double, range(5), null, null, { jobs }), RangeError, /`jobs` must be a finite number; received (NaN|-?Infinity)/)
    }
  })

  row(b, 'malformed maxNbytes: TypeError or RangeError naming maxNbytes and the value', {}, async () => {
    for (const maxNbytes of ['1X', '1 MB', '', '-1M', 'lots', {}, true, [1]]) {
      await failsBeforeAnyWorker(b, () => b.run(double, range(5), null, null, { maxNbytes: maxNbytes as never }), TypeError, /`maxNbytes` must be a byte count/)
    }
    for (const maxNbytes of [-1, Number.NaN, Infinity]) {
      await failsBeforeAnyWorker(b, () => b.run(double, range(5), null, null, { maxNbytes }), RangeError, /`maxNbytes` must be a non-negative finite number/)
    }
  })

  row(b, 'func that is neither a function nor a module reference: TypeError naming func', {}, async () => {
    for (const func of [null, undefined, 42, 'double', {}, [], new Map()]) {
      await failsBeforeAnyWorker(b, () => b.run(func, range(3), null), TypeError, /`func` must be a function or a module reference \{ module, name\? \}; received/)
    }
    for (const func of [{ module: '' }, { module: 42 }, { module: null }]) {
      await failsBeforeAnyWorker(b, () => b.run(func, range(3), null), TypeError, /`func\.module` must be a non-empty string or a URL/)
    }
    for (const func of [{ module: tasks, name: '' }, { module: tasks, name: 7 }]) {
      await failsBeforeAnyWorker(b, () => b.run(func, range(3), null), TypeError, /`func\.name` must be the name of an export/)
    }
  })

  row(b, 'a module reference to a missing file: TaskModuleError saying it does not exist', {}, () =>
    failsBeforeAnyWorker(b, () => b.run({ module: new URL('./fixtures/no-such-file.mjs', import.meta.url), name: 'task' }, range(3), null), TaskModuleError, /no-such-file\.mjs does not exist\. Check the path\./),
  )

  row(b, 'a module reference to a missing export: TaskModuleError listing the function exports', {}, () =>
    failsBeforeAnyWorker(b, () => b.run({ module: tasks, name: 'absent' }, range(3), null), TaskModuleError, /has no function export "absent" \(its function exports: .*present.*\)\. Set `name` to one of them\./),
  )

  // The rows below start workers.
  row(b, 'odd but valid jobs (fractions, -0, huge, very negative) run and give the right results', {}, async () => {
    for (const jobs of [2.9, -0, 0, 1, -1, -1e9, 1e9]) {
      expect(await watchdog(b.run(double, range(3), null, null, { jobs }), 30_000)).toEqual([0, 2, 4])
    }
    // A huge jobs never starts more workers than there are tasks.
    expect(b.workers()).toBeLessThanOrEqual(3)
  })

  row(b, 'multitaskIter over an iterable that throws midway: the error surfaces and the workers are freed', {}, async () => {
    const error = await rejectionOf(b.iter(double, throwsAt(3000), null))
    expect(error).toBeInstanceOf(URIError)
    if (b.name === 'threading') {
      expect(poolStats().busy).toBe(0)
      // A thread the previous row's 3-worker call started may still be starting (its calls, one
      // batch each, ended first); on arrival the pool lets it go. Count once starts have settled.
      for (let waited = 0; poolStats().starting > 0 && waited < 10_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20))
    }
    expect(b.workers(), JSON.stringify(b.name === 'threading' ? poolStats() : {})).toBeLessThanOrEqual(2)
    expect(await b.run(double, range(4), null)).toEqual([0, 2, 4, 6])
  })

  row(b, 'multitaskIter with a skip mask shorter than a generator: RangeError when the mask runs out', {}, async () => {
    const error = await rejectionOf(b.iter(double, throwsAt(Infinity), null, null, { skip: range(100).map(() => false) }))
    expect(error).toBeInstanceOf(RangeError)
    expect((error as Error).message).toMatch(/`skip` has 100 entries but `iterable` has more than 100 items/)
    expect(await b.run(double, range(4), null)).toEqual([0, 2, 4, 6])
  })
})
