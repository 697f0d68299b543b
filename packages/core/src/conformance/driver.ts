import { parallelBackend } from '../index.js'
import type { ResolvedConformanceOptions } from './options.js'

/**
 * What a case gets: the options, and the backend as users reach it, through a
 * `parallelBackend(backend, { nJobs, ...backendOptions }, fn)` context.
 *
 * @example
 * ```ts
 * const results = await driver.within(() => multitask(addTen, [0, 1], [5, 6], null))
 * ```
 */
export interface ConformanceDriver {
  readonly options: ResolvedConformanceOptions
  /** Runs `fn` inside the backend's context, so every multitask call in it uses the backend. */
  within<T>(fn: () => Promise<T>): Promise<T>
}

export function createDriver(options: ResolvedConformanceOptions): ConformanceDriver {
  const context = { ...options.backendOptions, nJobs: options.nJobs }
  return { options, within: (fn) => parallelBackend(options.backend, context, fn) }
}

/** Settles like `promise`, or rejects when it takes longer than `ms`: a hang fails the case instead of stalling the run. */
export function watchdog<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms: a hang`)), ms)
  })
  return Promise.race([promise, hang]).finally(() => clearTimeout(timer))
}

/** What `promise` rejected with; fails the case when it resolves. Wrapped, because a task may throw `undefined`. */
export async function rejectionOf(promise: Promise<unknown>): Promise<{ readonly thrown: unknown }> {
  try {
    const value = await promise
    throw new ConformanceFailure(`expected the call to reject, but it resolved with ${JSON.stringify(value)?.slice(0, 200)}`)
  } catch (thrown) {
    if (thrown instanceof ConformanceFailure) throw thrown
    return { thrown }
  }
}

/** A case's own check failed (as opposed to the backend throwing). */
export class ConformanceFailure extends Error {
  override readonly name = 'ConformanceFailure'
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))
export const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i)
