/**
 * The backend conformance kit: the behaviours every backend must have, as cases a
 * backend package runs in its own tests ({@link defineConformanceTests}) or anywhere
 * ({@link runConformance}).
 */
export { defineConformanceTests, type TestRegistrar } from './define.js'
export { runConformance } from './run.js'
export { conformanceCases } from './cases.js'
export type { ConformanceCase, ConformanceResult } from './case.js'
export type { ConformanceDriver } from './driver.js'
export type { ConformanceOptions, ResolvedConformanceOptions } from './options.js'
