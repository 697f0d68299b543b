export { checkTargets, type TargetCheck } from './targets.js'
export type { RunFigures } from './measures.js'
