import { it } from 'vitest'
import { multitask, multitaskIter, parallelBackend, type MultitaskIterOptions, type MultitaskOptions } from '@multitask/core'
import '@multitask/serial'
import { shutdown as shutdownLoky } from '@multitask/loky'
import { poolStats, shutdown as shutdownThreading } from '@multitask/threading'
import { childProcesses } from '../src/probes.ts'

export type BackendName = 'serial' | 'threading' | 'loky'

/** One backend of the crash table, driven the way users drive it: a `parallelBackend` context. */
export interface BackendUnderTest {
  readonly name: BackendName
  /** `multitask` on this backend with `nJobs` workers (default 2) and the backend's options. */
  run(func: unknown, items: Iterable<unknown>, args: unknown, kwargs?: unknown, options?: MultitaskOptions, context?: Context): Promise<unknown[]>
  /** `multitaskIter` on this backend, collected. */
  iter(func: unknown, items: Iterable<unknown>, args: unknown, kwargs?: unknown, options?: MultitaskIterOptions, context?: Context): Promise<unknown[]>
  /** Workers of this backend alive in this process now (threads of its pools, or child processes). */
  workers(): number
  /** Ends every worker of the backend. */
  shutdown(): Promise<void>
}

type Context = { nJobs?: number } & Record<string, unknown>

function backend(name: BackendName, workers: () => number, shutdown: () => Promise<void>): BackendUnderTest {
  const within = <T>(context: Context, fn: () => Promise<T>) => parallelBackend(name, { nJobs: 2, ...context }, fn)
  return {
    name,
    run: (func, items, args, kwargs = null, options = {}, context = {}) =>
      within(context, () => multitask(func as never, items, args, kwargs as never, options)),
    iter: (func, items, args, kwargs = null, options = {}, context = {}) =>
      within(context, async () => {
        const out: unknown[] = []
        for await (const value of multitaskIter(func as never, items, args, kwargs as never, options)) out.push(value)
        return out
      }),
    workers,
    shutdown,
  }
}

export const serial = backend('serial', () => 0, async () => undefined)
export const threading = backend(
  'threading',
  () => {
    const stats = poolStats()
    return stats.threads + stats.starting
  },
  shutdownThreading,
)
// Every loky pool of this process (the shared one and any createLokyBackend) is a child process here.
export const loky = backend('loky', () => childProcesses(process.pid).length, shutdownLoky)

export const BACKENDS: readonly BackendUnderTest[] = [serial, threading, loky]

/** Why a row does not apply to a backend, by backend. */
export type NotApplicable = Partial<Record<BackendName, string>>

/**
 * One row of the crash table on one backend: a test where the row applies. Where it
 * cannot (the reasons are in `notApplicable`, and in the README's table), there is no
 * test at all rather than a skipped one: a skip would read as unfinished work.
 */
export function row(
  b: BackendUnderTest,
  title: string,
  notApplicable: NotApplicable,
  body: () => Promise<void>,
  timeout?: number,
): void {
  if (notApplicable[b.name] === undefined) it(title, body, timeout)
}

/** Settles like `promise`, or rejects when it takes longer than `ms`: a hang fails the test instead of stalling it. */
export function watchdog<T>(promise: Promise<T>, ms: number, what = 'the call'): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms: a hang`)), ms)
  })
  return Promise.race([promise, hang]).finally(() => clearTimeout(timer))
}

/** The rejection of `promise` (fails when it resolves), under a watchdog. */
export async function rejectionOf(promise: Promise<unknown>, ms = 30_000): Promise<unknown> {
  const outcome = await watchdog(
    promise.then(
      (value) => ({ resolved: true as const, value }),
      (error: unknown) => ({ resolved: false as const, error }),
    ),
    ms,
  )
  if (outcome.resolved) throw new Error(`expected a rejection, got ${JSON.stringify(outcome.value)?.slice(0, 200)}`)
  return outcome.error
}

export const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i)
export const double = (_: unknown, i: number): number => i * 2

/** Ends every backend's workers and checks that no child process is left. */
export async function endAll(): Promise<void> {
  for (const b of BACKENDS) await b.shutdown()
  const deadline = Date.now() + 5_000
  while (childProcesses(process.pid).length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50))
  const left = childProcesses(process.pid)
  if (left.length > 0) throw new Error(`child processes left running: ${left.join(' ')}`)
}
