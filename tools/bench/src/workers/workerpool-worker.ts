// Worker of workerpool: registers one method that runs one task.
import workerpool from 'workerpool'
import runTask from './peer-worker.js'

workerpool.worker({ runTask })
