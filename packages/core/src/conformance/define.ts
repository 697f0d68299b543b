import { reasonNotToRun } from './case.js'
import { conformanceCases } from './cases.js'
import { createDriver, watchdog } from './driver.js'
import { resolveConformanceOptions, type ConformanceOptions } from './options.js'

/**
 * The parts of a test framework the kit registers its cases with: Vitest's, Jest's,
 * Mocha's or `node:test`'s `describe` and `it` fit as they are.
 */
export interface TestRegistrar {
  describe(name: string, body: () => void): unknown
  it(name: string, body: () => Promise<void>, timeoutMs?: number): unknown
  /** Registers a skipped test; the kit shows each opt-out and its reason with it. Without it, cases that do not run are left out. */
  readonly skip?: (name: string, body: () => Promise<void>) => unknown
  /** Needed when the options have `setup`. */
  beforeAll?(body: () => Promise<void>, timeoutMs?: number): unknown
  /** Needed when the options have `teardown`. */
  afterAll?(body: () => Promise<void>, timeoutMs?: number): unknown
}

/**
 * Registers every conformance case as a test of the framework given, in one
 * `describe` block named after the backend. Cases the backend opts out of (or that do
 * not apply to it) are registered as skipped tests whose title gives the reason. The
 * kit imports no test framework itself.
 *
 * @example
 * ```ts
 * // tests/conformance.test.ts of a backend package
 * import { afterAll, beforeAll, describe, it } from 'vitest'
 * import { defineConformanceTests } from '@multitask/core/backend'
 * import { shutdown, myBackend } from '../src/index.js'
 *
 * defineConformanceTests({ describe, it, skip: it.skip, beforeAll, afterAll }, {
 *   backend: 'mine',
 *   capabilities: myBackend,
 *   teardown: shutdown,
 * })
 * ```
 */
export function defineConformanceTests(test: TestRegistrar, options: ConformanceOptions): void {
  const resolved = resolveConformanceOptions(options, conformanceCases.map((c) => c.name))
  const { setup, teardown, caseTimeoutMs } = resolved
  if ((setup !== undefined && typeof test.beforeAll !== 'function') || (teardown !== undefined && typeof test.afterAll !== 'function')) {
    throw new TypeError('defineConformanceTests: `setup` and `teardown` need the `beforeAll` and `afterAll` of the test framework in its first argument.')
  }
  const driver = createDriver(resolved)
  // The framework's own limit is a little longer, so the kit's watchdog reports the hang by name.
  const frameworkTimeout = caseTimeoutMs + 5_000
  test.describe(`${resolved.backend} backend conformance`, () => {
    if (setup !== undefined) test.beforeAll!(async () => void (await setup()), frameworkTimeout)
    if (teardown !== undefined) test.afterAll!(async () => void (await teardown()), frameworkTimeout)
    for (const testCase of conformanceCases) {
      const title = `${testCase.name}: ${testCase.title}`
      const skipped = reasonNotToRun(testCase, resolved)
      if (skipped === undefined) {
        test.it(title, () => watchdog(testCase.run(driver), caseTimeoutMs, `case '${testCase.name}'`), frameworkTimeout)
      } else {
        test.skip?.(`${title} (${skipped})`, async () => undefined)
      }
    }
  })
}
