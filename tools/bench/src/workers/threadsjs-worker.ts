// Worker of threads.js: exposes one method that runs one task.
import { expose } from 'threads/worker'
import runTask from './peer-worker.js'

expose({ runTask })
