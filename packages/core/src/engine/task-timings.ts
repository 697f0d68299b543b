import type { TaskSpec } from '../task/task.js'

// A few hundred functions cover any program; the oldest go first.
const KEPT = 256
const timings = new Map<string, number>()

function keyOf(task: TaskSpec): string {
  return task.kind === 'function' ? task.source : `${task.url}#${task.name}`
}

/**
 * What the last call of the same task function measured per task, in ms, if it ran
 * in parallel in this process. Lets the next call start with batches of the right
 * size instead of relearning the cost from batches of one.
 */
export function knownTaskMs(task: TaskSpec): number | undefined {
  return timings.get(keyOf(task))
}

/** Remembers a call's mean time per task for the next call of the same function. */
export function rememberTaskMs(task: TaskSpec, perTaskMs: number | undefined): void {
  if (perTaskMs === undefined || !Number.isFinite(perTaskMs)) return
  const key = keyOf(task)
  timings.delete(key) // re-inserted last: the map's order is least recently used first
  timings.set(key, perTaskMs)
  if (timings.size > KEPT) timings.delete(timings.keys().next().value!)
}
