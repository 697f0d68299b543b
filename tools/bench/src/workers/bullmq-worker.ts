// A worker machine of the bullmq contestant (`node bullmq-worker.js <redis url>`): what
// `multitask worker --backend bullmq --concurrency 1 --allow-source` runs, minus the CLI,
// so that it can also stop when the driver that started it is gone. MULTITASK_SECRET
// (set by the driver) is the signing secret.
import { startWorker } from '@multitask/bullmq'

const worker = await startWorker({ connection: process.argv[2]!, concurrency: 1, allowSource: true })

let stopping = false
function stop(): void {
  if (stopping) return
  stopping = true
  // A close stuck on a vanished Redis must not keep the process alive.
  setTimeout(() => process.exit(1), 5_000).unref()
  void worker.close().finally(() => process.exit(0))
}

// SIGTERM is the driver's way to stop us. stdin closing means the driver died without
// saying so (and its redis-server with it): nothing is left to finish, and a benchmark
// must never leave workers behind.
process.once('SIGTERM', stop)
process.stdin.on('end', () => process.exit(0)).resume()
process.stdout.write('ready\n')
