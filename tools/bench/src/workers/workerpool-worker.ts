// Worker of workerpool: registers one method that runs one task; an array result goes
// back transferred, with `workerpool.Transfer`, as workerpool's README shows.
import workerpool from 'workerpool'
import runTask from './peer-worker.js'
import type { PeerTask } from '../contestants/contestant.js'

workerpool.worker({
  runTask(task: PeerTask): unknown {
    const result = runTask(task)
    return ArrayBuffer.isView(result) ? new workerpool.Transfer(result, [result.buffer]) : result
  },
})
