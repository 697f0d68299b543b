import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { inject } from 'vitest'
import type { WorkerOptions } from '@multitask/bullmq'

export const REDIS_URL = inject('redisUrl')
/** Redis tests run only with a redis-server; global-setup printed why when they do not. */
export const NO_REDIS = REDIS_URL === ''

export const TASKS = fileURLToPath(new URL('./fixtures/tasks.mjs', import.meta.url))
const WORKER = fileURLToPath(new URL('./fixtures/worker.mjs', import.meta.url))

/** A task of the fixture module, by reference. */
export function task(name: string): { module: string; name: string } {
  return { module: TASKS, name }
}

export interface WorkerProcess {
  readonly child: ChildProcess
  readonly pid: number
  /** Everything it wrote to stderr so far. */
  stderr(): string
  stop(): Promise<void>
}

/** Starts a worker process (a machine of the cluster, for the test) and waits until it serves the queue. */
export async function spawnWorker(options: Omit<WorkerOptions, 'connection'>, env: NodeJS.ProcessEnv = {}): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [WORKER, JSON.stringify({ connection: REDIS_URL, ...options })], {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: { ...process.env, MULTITASK_SECRET: '', ...env },
  })
  let stderr = ''
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  await new Promise<void>((resolve, reject) => {
    let out = ''
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk
      if (out.includes('ready')) resolve()
    })
    void exited.then(() => reject(new Error(`worker exited before it was ready: ${stderr}`)))
  })
  return {
    child,
    pid: child.pid!,
    stderr: () => stderr,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM')
        await exited
      }
    },
  }
}

/** A queue name of its own per test, so tests never see each other's jobs. */
let counter = 0
export function uniqueQueue(label: string): string {
  return `t-${label}-${process.pid}-${counter++}`
}
