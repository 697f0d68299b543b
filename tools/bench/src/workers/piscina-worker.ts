// Worker of piscina: runs one task, and moves an array result back instead of copying it,
// with `Piscina.move`, as piscina's README shows for transferable results.
import { Piscina } from 'piscina'
import type { PeerTask } from '../contestants/contestant.js'
import runTask from './peer-worker.js'

export default function runMoving(task: PeerTask): unknown {
  const result = runTask(task)
  return ArrayBuffer.isView(result) ? Piscina.move(result) : result
}
