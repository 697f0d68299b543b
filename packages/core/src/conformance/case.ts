import type { ConformanceDriver } from './driver.js'
import type { ResolvedConformanceOptions } from './options.js'

/**
 * One behaviour every backend must have, checked by driving the backend as users do.
 *
 * @example
 * ```ts
 * const emptyInput: ConformanceCase = {
 *   name: 'empty-input',
 *   title: 'an empty input resolves with [] and starts no task',
 *   run: async (driver) => deepStrictEqual(await driver.within(() => multitask(f, [], null, null)), []),
 * }
 * ```
 */
export interface ConformanceCase {
  /** Stable id, used to opt out with `skip: { [name]: reason }`. */
  readonly name: string
  /** What the case checks, as a sentence: the test's title. */
  readonly title: string
  /** Why the case cannot apply to a backend with these options (a missing capability or hook), or `undefined`. */
  notApplicable?(options: ResolvedConformanceOptions): string | undefined
  /** Resolves when the backend behaves; throws (an `AssertionError`, or the backend's error) when it does not. */
  run(driver: ConformanceDriver): Promise<void>
}

/** What became of one case in {@link runConformance}. */
export interface ConformanceResult {
  readonly name: string
  readonly title: string
  /** True when the case passed, or did not run (see `skipped`). */
  readonly ok: boolean
  /** What the failing case threw; `undefined` when `ok`. */
  readonly error: unknown
  /** Why the case did not run: the backend's opt-out reason, or why it does not apply. */
  readonly skipped?: string
}

/** Why `testCase` does not run for these options, or `undefined` when it runs. */
export function reasonNotToRun(testCase: ConformanceCase, options: ResolvedConformanceOptions): string | undefined {
  const optedOut = options.skip[testCase.name]
  if (optedOut !== undefined) return `opted out: ${optedOut}`
  const notApplicable = testCase.notApplicable?.(options)
  return notApplicable === undefined ? undefined : `not applicable: ${notApplicable}`
}
