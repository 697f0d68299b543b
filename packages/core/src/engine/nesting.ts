import { platform, type ContextStore } from '#platform'
import { cpuCount } from '../platform/cpu-count.js'
import { NestingLimitError } from '../errors/index.js'

/**
 * What a worker knows about where it runs. Kept on `globalThis` under a registered
 * symbol so that every copy of `@multitask/core` loaded in a worker (a task module
 * may resolve its own copy) sees the same value.
 */
export interface NestingInfo {
  /** 0 in the caller's process; 1 inside a worker of a top-level call; 2 and more deeper. */
  readonly level: number
  /** Workers a nested call in this worker may start, so nesting never exceeds the CPU count in total. */
  readonly cpuBudget: number
}

const KEY = Symbol.for('multitask.nesting')

/** Where the current code runs: the caller's process (level 0) or a worker. */
export function nestingInfo(): NestingInfo {
  const info = (globalThis as Record<symbol, NestingInfo | undefined>)[KEY]
  return info ?? { level: 0, cpuBudget: cpuCount() }
}

/** Called by a worker runtime before it runs tasks of a call. */
export function enterWorker(info: NestingInfo): void {
  ;(globalThis as Record<symbol, NestingInfo | undefined>)[KEY] = info
}

/**
 * The nesting info a worker of a call at `callerLevel` with `workers` workers gets:
 * one level deeper, and an equal share of the CPUs.
 */
export function childNesting(workers: number, caller: NestingInfo = nestingInfo()): NestingInfo {
  return { level: caller.level + 1, cpuBudget: Math.max(1, Math.floor(caller.cpuBudget / Math.max(1, workers))) }
}

/** How deep multitask calls may nest (worker levels plus calls inside tasks), as a guard against runaway recursion. */
export const MAX_NESTING_DEPTH = 32

const DEPTH = Symbol.for('multitask.call-depth')
const depthStore: ContextStore<number> = ((globalThis as Record<symbol, unknown>)[DEPTH] ??=
  platform.createContextStore<number>()) as ContextStore<number>

/**
 * The depth a call starting here has: the worker level plus the multitask calls this
 * code runs inside. Throws {@link NestingLimitError} past {@link MAX_NESTING_DEPTH}.
 */
export function enterCallDepth(): number {
  const depth = (depthStore.getStore() ?? nestingInfo().level) + 1
  if (depth > MAX_NESTING_DEPTH) throw new NestingLimitError(depth, MAX_NESTING_DEPTH)
  return depth
}

/** Runs `fn` (a task of a call at `depth`) so that calls it makes count one level deeper. */
export function runAtDepth<T>(depth: number, fn: () => T): T {
  return depthStore.run(depth, fn)
}
