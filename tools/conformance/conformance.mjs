// The conformance suite: the same behaviours on Node, Deno and Bun. Plain JavaScript
// with node:assert, so every runtime runs this very file:
//   node conformance.mjs | deno run -A conformance.mjs | bun conformance.mjs
// Backends to check come from the command line (default: serial threading loky).
// It prints one line per check and ends with "N passed, N failed"; exit code 1 on a failure.
import assert from 'node:assert/strict'
import { Logger } from 'tslog'
import { AsyncLocalStorage } from 'node:async_hooks'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cpuCount, effectiveNJobs, multitask, multitaskIter, parallelBackend, RemoteTaskError, TimeoutError, WorkerTerminatedError } from '@multitask/core'
import { conformanceCases, runConformance } from '@multitask/core/backend'

const runtime = globalThis.Deno ? `deno ${globalThis.Deno.version.deno}` : globalThis.Bun ? `bun ${globalThis.Bun.version}` : `node ${process.versions.node}`
const backends = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['serial', 'threading', 'loky']
const tasks = new URL('./fixtures/tasks.ts', import.meta.url)
const numbers = [0, 1, 2, 3, 4]
const addTen = (args, i) => args[i] + 10
const checks = []
const check = (name, fn) => checks.push({ name, fn })

check('seed example: add ten', async () => {
  assert.deepEqual(await multitask(addTen, numbers.keys(), numbers, null), [10, 11, 12, 13, 14])
})
check('seed example: skip', async () => {
  assert.deepEqual(await multitask(addTen, numbers.keys(), numbers, null, { skip: [0, 0, 1, 0, 0] }), [10, 11, 13, 14])
})
check('jobs rules', async () => {
  assert.equal(effectiveNJobs(-1), cpuCount())
  assert.equal(effectiveNJobs(0), 1)
  assert.equal(effectiveNJobs(2.7), 2)
  await assert.rejects(multitask(addTen, [0], numbers, null, { jobs: Number.NaN }), RangeError)
})
check('contexts are kept apart across concurrent flows', async () => {
  const store = new AsyncLocalStorage()
  const seen = await Promise.all(
    [2, 3, 4].map((n) =>
      store.run(n, () =>
        parallelBackend('serial', { nJobs: n }, async () => {
          await new Promise((r) => setTimeout(r, 10 - n))
          await multitask(addTen, [0], numbers, null)
          return [effectiveNJobs(), store.getStore()]
        }),
      ),
    ),
  )
  assert.deepEqual(seen, [[1, 2], [1, 3], [1, 4]]) // serial: 1 worker, whatever nJobs
  assert.deepEqual(await parallelBackend('anything', { nJobs: 3 }, async () => (await null, effectiveNJobs())), 3)
})
check('TypeScript task module', async () => {
  assert.deepEqual(await multitask({ module: tasks, name: 'addTen' }, numbers.keys(), numbers, null), [10, 11, 12, 13, 14])
})
check('streaming in order', async () => {
  const out = []
  for await (const value of multitaskIter(addTen, numbers.keys(), numbers, null)) out.push(value)
  assert.deepEqual(out, [10, 11, 12, 13, 14])
})

const force = { threading: { forceThreading: true }, loky: { forceProcesses: true } }
for (const backend of backends.filter((b) => b !== 'serial')) {
  const run = (fn) => parallelBackend(backend, { nJobs: 2 }, fn)
  check(`${backend}: results, skip and the context`, async () => {
    assert.deepEqual(await run(() => multitask(addTen, numbers.keys(), numbers, null)), [10, 11, 12, 13, 14])
    const many = Array.from({ length: 1000 }, (_, i) => i)
    const skip = many.map((i) => i % 3 === 0)
    const got = await run(() => multitask((k, x) => x * k, many, 3, null, { skip }))
    assert.deepEqual(got, many.filter((i) => i % 3 !== 0).map((x) => x * 3))
  })
  check(`${backend}: jobs: 2 with ${Object.keys(force[backend] ?? {})[0]}, kwargs and async tasks`, async () => {
    const got = await multitask(
      async (args, kwargs, i) => (await null, args[i] * kwargs.factor),
      numbers.keys(), numbers, { factor: 3 }, { jobs: 2, ...force[backend] },
    )
    assert.deepEqual(got, [0, 3, 6, 9, 12])
  })
  check(`${backend}: real parallelism on two workers`, async () => {
    const folder = mkdtempSync(join(tmpdir(), 'multitask-conformance-'))
    try {
      const items = Array.from({ length: 8 }, (_, i) => i)
      const where = await run(() => multitask({ module: tasks, name: 'whereAmI' }, items, folder, null))
      assert.deepEqual(where.map((w) => w.i), items)
      assert.ok(where.every((w) => w.met), 'a task ran while no other worker ran one')
      const workers = new Set(where.map((w) => `${w.pid}/${w.thread}`))
      assert.ok(workers.size >= 2, `expected two workers, saw ${[...workers]}`)
      if (backend === 'loky') assert.ok(!where.some((w) => w.pid === process.pid), 'a task ran in the caller process')
      if (backend === 'threading') assert.ok(where.every((w) => w.pid === process.pid && w.thread !== 0), 'threads run in the caller process, off its main thread')
    } finally {
      rmSync(folder, { recursive: true, force: true })
    }
  })
  check(`${backend}: the context holds inside the call and across awaits`, async () => {
    const store = new AsyncLocalStorage()
    const seen = await store.run('outer', () =>
      run(async () => {
        const inner = await parallelBackend('serial', {}, async () => (await multitask(addTen, [0, 1], numbers, null), effectiveNJobs()))
        const results = await multitask(addTen, numbers.keys(), numbers, null)
        return { inner, outer: effectiveNJobs(), store: store.getStore(), results }
      }),
    )
    assert.deepEqual(seen, { inner: 1, outer: 2, store: 'outer', results: [10, 11, 12, 13, 14] })
  })
  check(`${backend}: streaming in order`, async () => {
    const out = []
    for await (const value of run(() => multitaskIter(addTen, [4, 3, 2, 1, 0], numbers, null))) out.push(value)
    assert.deepEqual(out, [14, 13, 12, 11, 10])
  })
  check(`${backend}: an error keeps its class name, fields and worker stack`, async () => {
    const error = await run(() => multitask({ module: tasks, name: 'failOn' }, numbers.keys(), 3, null)).catch((e) => e)
    assert.ok(error instanceof RemoteTaskError, `got ${error}`)
    assert.equal(error.name, 'CalibrationError')
    assert.equal(error.tile, 3)
    assert.equal(error.taskIndex, 3)
    assert.match(error.stack, /failOn/)
    assert.match(error.stack, /tasks\.ts/)
  })
  check(`${backend}: logs in task order`, async () => {
    const records = []
    const logger = new Logger({ type: 'hidden' })
    logger.attachTransport((r) => records.push(`${r._meta.logLevelName} ${r[0]} ${r[1]}`))
    await run(() => multitask({ module: tasks, name: 'logged' }, [0, 1, 2, 3], 4, null, { logger }))
    assert.deepEqual(records, [0, 1, 2, 3].flatMap((i) => [`INFO start ${i}`, `WARN end ${i}`]))
  })
  check(`${backend}: a timeout stops the task, and the next call works`, async () => {
    const error = await run(() => multitask({ module: tasks, name: 'spinOn' }, numbers.keys(), 1, null, { timeout: 500 })).catch((e) => e)
    assert.ok(error instanceof TimeoutError, `got ${error}`)
    assert.equal(error.taskIndex, 1)
    assert.deepEqual(await run(() => multitask(addTen, numbers.keys(), numbers, null)), [10, 11, 12, 13, 14])
  })
  check(`${backend}: workers replaced after maxTasksPerWorker tasks or past workerMemoryLimit, every result kept (the kit's cases)`, async () => {
    const limits = ['max-tasks-per-worker', 'worker-memory-limit']
    const skip = Object.fromEntries(conformanceCases.filter((c) => !limits.includes(c.name)).map((c) => [c.name, 'checked by the other checks']))
    const capabilities = backend === 'loky' ? (await import('@multitask/loky')).lokyBackend : (await import('@multitask/threading')).threadingBackend()
    const results = (await runConformance({ backend, nJobs: 2, capabilities, skip })).filter((r) => limits.includes(r.name))
    for (const r of results) assert.ok(r.ok && r.skipped === undefined, `${r.name}: ${r.skipped ?? r.error?.stack ?? r.error}`)
    assert.equal(results.length, 2)
  })
  check(`${backend}: idle workers go after idleTimeout, and the next call works`, async () => {
    const call = () => parallelBackend(backend, { nJobs: 2, idleTimeout: 20 }, () => multitask(addTen, numbers.keys(), numbers, null))
    assert.deepEqual(await call(), [10, 11, 12, 13, 14])
    await new Promise((resolve) => setTimeout(resolve, 300))
    assert.deepEqual(await call(), [10, 11, 12, 13, 14])
  })
  if (backend === 'loky') {
    check(`${backend}: a worker that exits fails the call, and the next call works`, async () => {
      const error = await run(() => multitask({ module: tasks, name: 'exitOn' }, numbers.keys(), 2, null)).catch((e) => e)
      assert.ok(error instanceof WorkerTerminatedError, `got ${error}`)
      assert.equal(error.exitCode, 3)
      assert.deepEqual(await run(() => multitask(addTen, numbers.keys(), numbers, null)), [10, 11, 12, 13, 14])
    })
    check(`${backend}: a large array in args goes through the temp folder and arrives whole`, async () => {
      const data = new Float64Array(300_000).map((_, k) => k) // 2.4 MB, over maxNbytes
      const seen = await run(() => multitask({ module: tasks, name: 'sumLarge' }, [0, 1], { data }, null, { maxNbytes: '1M' }))
      for (const one of seen) assert.deepEqual({ type: one.type, sum: one.sum }, { type: 'Float64Array', sum: (299_999 * 300_000) / 2 })
      // @multitask/mmap loads on every runtime here (Deno needs --allow-ffi, which -A grants).
      if (process.platform === 'linux') assert.deepEqual(seen.map((one) => one.mapped), [true, true], 'the workers read the file instead of mapping it')
    })
  }
}

let passed = 0
let failed = 0
console.log(`multitask conformance on ${runtime}, backends: ${backends.join(', ')}`)
for (const { name, fn } of checks) {
  try {
    await fn()
    passed++
    console.log(`ok ${name}`)
  } catch (error) {
    failed++
    console.log(`not ok ${name}: ${error?.stack ?? error}`)
  }
}
// The test checks these are gone once this program has exited by itself.
if (backends.includes('loky')) console.log(`worker pids: ${JSON.stringify((await import('@multitask/loky')).lokyBackend.pids())}`)
console.log(`${passed} passed, ${failed} failed`)
process.exitCode = failed === 0 ? 0 : 1
