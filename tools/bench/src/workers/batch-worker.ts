// Worker of the hand-batched peers (tinypool and piscina on threads): one run() brings a
// chunk of task indices and the worker loops over them, as a user of those pools batches
// small tasks by hand.
import { TASKS } from '../tasks.js'
import type { PeerBatch } from '../contestants/contestant.js'

export default function runBatch({ task, args, from, to }: PeerBatch): unknown[] {
  const fn = TASKS[task] as (args: unknown, i: number) => unknown
  const out = new Array<unknown>(to - from)
  for (let i = from; i < to; i++) out[i - from] = fn(args, i)
  return out
}
