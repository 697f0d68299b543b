import { reasonNotToRun, type ConformanceResult } from './case.js'
import { conformanceCases } from './cases.js'
import { createDriver, watchdog } from './driver.js'
import { resolveConformanceOptions, type ConformanceOptions } from './options.js'

/**
 * Runs every conformance case against a backend, one after another, without any test
 * framework, and resolves with what became of each. `setup` runs first and `teardown`
 * last (also after failures). Rejects only for bad options or a failing `setup`.
 *
 * @example
 * ```ts
 * import { runConformance } from '@multitask/core/backend'
 * import './my-backend.js' // registers 'mine'
 * const results = await runConformance({ backend: 'mine' })
 * for (const r of results) console.log(r.ok ? (r.skipped ? 'skip' : 'ok  ') : 'FAIL', r.name, r.skipped ?? r.error ?? '')
 * process.exitCode = results.every((r) => r.ok) ? 0 : 1
 * ```
 */
export async function runConformance(options: ConformanceOptions): Promise<ConformanceResult[]> {
  const resolved = resolveConformanceOptions(options, conformanceCases.map((c) => c.name))
  const driver = createDriver(resolved)
  const results: ConformanceResult[] = []
  await resolved.setup?.()
  try {
    for (const testCase of conformanceCases) {
      const { name, title } = testCase
      const skipped = reasonNotToRun(testCase, resolved)
      if (skipped !== undefined) {
        results.push({ name, title, ok: true, error: undefined, skipped })
        continue
      }
      try {
        await watchdog(testCase.run(driver), resolved.caseTimeoutMs, `case '${name}'`)
        results.push({ name, title, ok: true, error: undefined })
      } catch (error) {
        results.push({ name, title, ok: false, error })
      }
    }
  } finally {
    await resolved.teardown?.()
  }
  return results
}
