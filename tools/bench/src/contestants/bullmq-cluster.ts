import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { lines, own, stop } from './children.js'
import { startLocalRedis, type LocalRedis } from './local-redis.js'

/** A one-machine bullmq cluster: a private redis-server and `jobs` worker processes. */
export interface LocalCluster {
  /** The Redis URL callers and workers share. */
  readonly connection: string
  /** The signing secret of this cluster's jobs and replies. */
  readonly secret: string
  /** Stops the workers (after their running batches), then redis-server. */
  close(): Promise<void>
}

const WORKER = fileURLToPath(new URL('../workers/bullmq-worker.js', import.meta.url))
/** A worker loads bullmq, ioredis and the thread pool, then connects: a few hundred ms. */
const READY_TIMEOUT_MS = 30_000

/**
 * Starts the cluster, each worker with concurrency 1, so `jobs` workers run `jobs`
 * batches at once, like `jobs` threads or processes of the local backends. Jobs are
 * signed with a fresh random secret, as a deployment would (workers accept shipped
 * source, which is only safe with signing).
 */
export async function startCluster(jobs: number): Promise<LocalCluster> {
  const redis = await startLocalRedis()
  const secret = randomBytes(32).toString('hex')
  const workers: ChildProcess[] = []
  const close = async () => {
    await Promise.all(workers.map((w) => stop(w)))
    await redis.stop()
  }
  try {
    for (let k = 0; k < jobs; k++) workers.push(spawnWorker(redis, secret))
    await Promise.all(workers.map((w, k) => ready(w, k)))
  } catch (error) {
    await close()
    throw error
  }
  return { connection: redis.url, secret, close }
}

function spawnWorker(redis: LocalRedis, secret: string): ChildProcess {
  // stdin is a pipe the worker watches: it closes when this driver dies, and the worker stops.
  return own(
    spawn(process.execPath, [WORKER, redis.url], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, MULTITASK_SECRET: secret },
    }),
  )
}

/** Resolves when the worker prints `ready` (it serves the queue); rejects if it exits or takes too long. */
function ready(worker: ChildProcess, k: number): Promise<void> {
  // The worker's stderr (rejected jobs, crashes) joins the driver's, which the runner echoes with --verbose.
  const stderr = lines(worker.stderr!, (line) => process.stderr.write(`[bullmq worker ${k}] ${line}\n`))
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => fail(`not ready after ${READY_TIMEOUT_MS / 1000} s`), READY_TIMEOUT_MS)
    const fail = (why: string) => {
      clearTimeout(timer)
      reject(new Error(`bullmq worker ${k} ${why}${stderr() ? `: ${stderr()}` : ''}`))
    }
    lines(worker.stdout!, (line) => {
      if (line.trim() === 'ready') {
        clearTimeout(timer)
        resolve()
      }
    })
    worker.once('exit', (code, signal) => fail(`exited (${signal ?? code}) before it was ready`))
    worker.once('error', (error) => fail(`did not start (${error.message})`))
  })
}
