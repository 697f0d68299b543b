// Worker of tinypool's worker_threads runtime: runs one task, and moves an array result
// back with `Tinypool.move`. Its README does not show it, but tinypool (a fork of piscina)
// exports it in its typed API and its worker transfers what it marks: the best way on offer.
import Tinypool from 'tinypool'
import type { PeerTask } from '../contestants/contestant.js'
import runTask from './peer-worker.js'

export default function runMoving(task: PeerTask): unknown {
  const result = runTask(task)
  return ArrayBuffer.isView(result) ? Tinypool.move(result) : result
}
