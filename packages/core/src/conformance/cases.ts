import type { ConformanceCase } from './case.js'
import { controlCases } from './control-cases.js'
import { errorCases } from './error-cases.js'
import { iterCases } from './iter-cases.js'
import { logCases } from './log-cases.js'
import { resultCases } from './result-cases.js'
import { transportCases } from './transport-cases.js'
import { typescriptCases } from './typescript-cases.js'
import { workerLimitCases } from './worker-limit-cases.js'

/**
 * Every case of the backend conformance kit, in the order they run. Each drives the
 * backend through the public API, inside `parallelBackend(backend, { nJobs, ...backendOptions }, ...)`.
 *
 * @example
 * ```ts
 * import { conformanceCases } from '@multitask/core/backend'
 * console.log(conformanceCases.map((c) => `${c.name}: ${c.title}`).join('\n'))
 * ```
 */
export const conformanceCases: readonly ConformanceCase[] = [
  ...resultCases,
  ...errorCases,
  ...iterCases,
  ...logCases,
  ...transportCases,
  ...typescriptCases,
  ...controlCases,
  ...workerLimitCases,
]
