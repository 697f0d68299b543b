/**
 * The soak: on each backend, a million tasks through `multitaskIter` and a thousand
 * calls with random failures, printing memory and handle, child and thread counts at
 * the start and the end. A script, not a test: `npm run soak -w @multitask/reliability`.
 * `SOAK_TASKS` and `SOAK_CALLS` change the sizes.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { multitask, multitaskIter, parallelBackend } from '@multitask/core'
import '@multitask/serial'
import { shutdown as shutdownLoky } from '@multitask/loky'
import { shutdown as shutdownThreading } from '@multitask/threading'
import { growth, memoryMb, snapshot, type ResourceSnapshot } from './probes.js'

const TASKS = Number(process.env.SOAK_TASKS ?? 1_000_000)
const CALLS = Number(process.env.SOAK_CALLS ?? 1_000)
const BACKENDS = ['serial', 'threading', 'loky'] as const
// A temp folder of our own, so that other programs' `multitask-*` folders do not count.
const tempRoot = mkdtempSync(join(tmpdir(), 'reliability-soak-'))
process.env.MULTITASK_TEMP_FOLDER = tempRoot
// stdout's pipe handle appears with the first write: open it before the first snapshot.
console.log(`soak: ${TASKS} tasks through multitaskIter and ${CALLS} calls with random failures, on each backend`)

function* numbers(n: number): Generator<number> {
  for (let i = 0; i < n; i++) yield i
}

const addTen = (args: number[], i: number) => args[i % 5]! + 10
/** Fails when the call's `failAt` is this item: about a third of the calls fail. */
const sometimesFails = (args: { failAt: number }, i: number) => {
  if (i === args.failAt) throw new Error(`planned failure at ${i}`)
  return i * 2
}

function describe(s: ResourceSnapshot): string {
  const { rss, heapUsed } = memoryMb()
  const handles = Object.values(s.handles).reduce((a, b) => a + b, 0)
  return `rss ${rss} MiB, heapUsed ${heapUsed} MiB, handles ${handles}, children ${s.children.length}, threads ${s.threads}, temp folders ${s.tempFolders.length}`
}

async function soak(backend: (typeof BACKENDS)[number]): Promise<boolean> {
  const within = <T>(fn: () => Promise<T>) => parallelBackend(backend, { nJobs: 2 }, fn)
  await within(() => multitask(addTen, [0, 1, 2, 3], [0, 1, 2, 3, 4], null)) // the pool belongs to the baseline
  global.gc?.()
  const start = snapshot()
  console.log(`${backend}: start  ${describe(start)}`)

  let started = performance.now()
  let count = 0
  let sum = 0
  await within(async () => {
    for await (const value of multitaskIter(addTen, numbers(TASKS), [0, 1, 2, 3, 4], null)) {
      count++
      sum += value
    }
  })
  const expectedSum = TASKS * 10 + Math.floor(TASKS / 5) * 10 + [0, 1, 2, 3].slice(0, TASKS % 5).reduce((a, b) => a + b, 0)
  const iterOk = count === TASKS && sum === expectedSum
  console.log(`${backend}: ${count} tasks through multitaskIter in ${((performance.now() - started) / 1000).toFixed(1)} s, ${iterOk ? 'all results right' : `WRONG (sum ${sum}, expected ${expectedSum})`}`)

  started = performance.now()
  let failed = 0
  let wrong = 0
  for (let call = 0; call < CALLS; call++) {
    const failAt = Math.random() < 1 / 3 ? Math.floor(Math.random() * 20) : -1
    try {
      const result = await within(() => multitask(sometimesFails, numbers(20), { failAt }, null))
      if (failAt >= 0 || result.length !== 20 || result[19] !== 38) wrong++
    } catch (error) {
      if (failAt < 0 || (error as Error).message !== `planned failure at ${failAt}`) wrong++
      failed++
    }
  }
  console.log(`${backend}: ${CALLS} calls (${failed} with a planned failure) in ${((performance.now() - started) / 1000).toFixed(1)} s, ${wrong === 0 ? 'every outcome right' : `${wrong} WRONG`}`)

  await new Promise((resolve) => setTimeout(resolve, 500)) // replaced workers and removed folders settle
  global.gc?.()
  const end = snapshot()
  const grew = growth(start, end)
  console.log(`${backend}: end    ${describe(end)}${grew.length === 0 ? '' : `\n${backend}: GREW: ${grew.join('; ')}`}`)
  return iterOk && wrong === 0 && grew.length === 0
}

let ok = true
for (const backend of BACKENDS) ok = (await soak(backend)) && ok
await Promise.all([shutdownLoky(), shutdownThreading()])
rmSync(tempRoot, { recursive: true, force: true })
console.log(ok ? 'soak: passed' : 'soak: FAILED')
process.exitCode = ok ? 0 : 1
