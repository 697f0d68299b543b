// The caller of the local cluster example: one multitask call whose batches run on the
// workers serving the queue at the Redis URL given as the first argument.
import { multitask, parallelBackend } from '@multitask/core'
import '@multitask/bullmq'

const connection = process.argv[2] ?? 'redis://127.0.0.1:6379'
const square = { module: new URL('./square.mjs', import.meta.url), name: 'square' }
const items = Array.from({ length: 20 }, (_, i) => i)
const results = await parallelBackend('bullmq', { connection, nJobs: 4 }, () => multitask(square, items, null, null))
console.log(JSON.stringify(results))
