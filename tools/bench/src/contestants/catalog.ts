import { fileURLToPath } from 'node:url'
import type { DriverSpec } from '../driver-client.js'

/** Who a contestant is, for the report, and how the runner starts its driver. */
export interface ContestantInfo {
  readonly id: string
  readonly label: string
  readonly kind: 'ours' | 'peer' | 'baseline'
  readonly language: 'node' | 'python'
  /** One pool call per task (so large workloads run a smaller count; per-task cost is compared). */
  readonly perTask: boolean
  /** How it is driven, for the report. */
  readonly how: string
  /** A program it needs besides its language's runtime (the runner skips it without one). */
  readonly needs?: 'redis-server'
}

const node = (id: string, label: string, kind: ContestantInfo['kind'], perTask: boolean, how: string): ContestantInfo => ({
  id,
  label,
  kind,
  language: 'node',
  perTask,
  how,
})
const python = (id: string, label: string, kind: ContestantInfo['kind'], how: string): ContestantInfo => ({
  id,
  label,
  kind,
  language: 'python',
  perTask: false,
  how,
})

const JOBLIB_CALL = "Parallel(n_jobs, backend=…, max_nbytes='1M', mmap_mode='r')(delayed(partial(f, args))(i) for i in range(n))"

export const CONTESTANTS: readonly ContestantInfo[] = [
  node('loop', 'plain loop (Node)', 'baseline', false, 'for (i = 0; i < n; i++) out[i] = f(args, i)'),
  node('serial', 'multitask, jobs 1', 'ours', false, 'multitask(f, indices, args, null, { jobs: 1 })'),
  node('loky', 'multitask loky', 'ours', false, 'multitask(f, indices, args, null, { jobs, forceProcesses: true })'),
  node('threading', 'multitask threading', 'ours', false, 'multitask(f, indices, args, null, { jobs, forceThreading: true })'),
  {
    ...node('bullmq', 'multitask bullmq', 'ours', false, "parallelBackend('bullmq', { connection, secret, nJobs: jobs }, () => multitask(f, indices, args, null)); jobs worker processes of concurrency 1 (startWorker, as multitask worker --concurrency 1 --allow-source runs) on a private local redis-server"),
    needs: 'redis-server',
  },
  node('tinypool-threads', 'tinypool (worker_threads)', 'peer', true, "new Tinypool({ runtime: 'worker_threads' }), one run() per task"),
  node('tinypool-process', 'tinypool (child_process)', 'peer', true, "new Tinypool({ runtime: 'child_process' }), one run() per task"),
  node('piscina', 'piscina', 'peer', true, 'new Piscina(), one run() per task'),
  node('workerpool', 'workerpool', 'peer', true, "workerpool.pool() (workerType 'auto': threads), one exec() per task"),
  node('threadsjs', 'threads.js Pool', 'peer', true, 'Pool(() => spawn(new Worker())), one queue() per task'),
  python('python-loop', 'plain loop (Python)', 'baseline', '[f(args, i) for i in range(n)]'),
  python('joblib-loky', 'joblib loky', 'peer', JOBLIB_CALL.replace('…', "'loky'")),
  python('joblib-threading', 'joblib threading', 'peer', JOBLIB_CALL.replace('…', "'threading'")),
  python('joblib-loky-nomemmap', 'joblib loky, max_nbytes=None', 'peer', JOBLIB_CALL.replace('…', "'loky'").replace("'1M'", 'None')),
]

export function contestant(id: string): ContestantInfo {
  const info = CONTESTANTS.find((c) => c.id === id)
  if (!info) throw new Error(`Unknown contestant ${JSON.stringify(id)}.`)
  return info
}

/** The series baseline of the contestant's language. */
export const seriesOf = (id: string): string => (contestant(id).language === 'python' ? 'python-loop' : 'loop')

export function driverSpec(id: string, python: string | null): DriverSpec {
  const info = contestant(id)
  if (info.language === 'node') {
    return { command: process.execPath, args: [fileURLToPath(new URL('../driver.js', import.meta.url)), id] }
  }
  if (python === null) throw new Error('no Python with joblib')
  const script = fileURLToPath(new URL('../python/joblib_bench.py', import.meta.url))
  const backend = id === 'python-loop' ? 'loop' : id === 'joblib-threading' ? 'threading' : 'loky'
  return { command: python, args: [script, backend, id === 'joblib-loky-nomemmap' ? 'none' : '1M'] }
}
