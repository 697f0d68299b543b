import { TASKS, type TaskName } from '../tasks.js'
import type { Contestant } from './contestant.js'

const indexCache = new Map<number, number[]>()

/** The items `0..n-1`, made once per size so building them is never timed. */
export function indices(n: number): number[] {
  let items = indexCache.get(n)
  if (!items) {
    items = Array.from({ length: n }, (_, i) => i)
    indexCache.set(n, items)
  }
  return items
}

/** The series baseline: a plain loop calling the same function. */
export function plainLoop(): Contestant {
  return {
    async run(task: TaskName, n: number, _jobs: number, args: unknown) {
      const fn = TASKS[task] as (args: unknown, i: number) => unknown
      const items = indices(n)
      const out = new Array<unknown>(n)
      for (let k = 0; k < n; k++) out[k] = fn(args, items[k]!)
      return out
    },
    async close() {},
  }
}
