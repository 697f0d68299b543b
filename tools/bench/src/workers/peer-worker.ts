// Worker of tinypool's child_process runtime and of threads.js: the default export runs one task.
import { TASKS } from '../tasks.js'
import type { PeerTask } from '../contestants/contestant.js'

export default function runTask({ task, args, i }: PeerTask): unknown {
  return (TASKS[task] as (args: unknown, i: number) => unknown)(args, i)
}
