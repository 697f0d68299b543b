import { fileURLToPath } from 'node:url'
import type { DriverSpec } from '../driver-client.js'

/** Who a contestant is, for the report, and how the runner starts its driver. */
export interface ContestantInfo {
  readonly id: string
  readonly label: string
  readonly kind: 'ours' | 'peer' | 'baseline'
  /** The language of its tasks: params (calibration) and series baselines go by it. */
  readonly language: 'node' | 'python'
  /** One pool call per task (so large workloads run a smaller count; per-task cost is compared). */
  readonly perTask: boolean
  /** How it is driven, for the report. */
  readonly how: string
  /** A program it needs besides Node and Python (the runner skips it without one). */
  readonly needs?: Program
  /** The runtime of its driver when not Node: it runs the driver of contestant `hosts` there. */
  readonly runtime?: { readonly name: 'deno' | 'bun'; readonly hosts: string }
}

/** Programs some contestants need: found on the machine or not. */
export type Program = 'redis-server' | 'deno' | 'bun'

/** Where the runner finds the programs drivers run on: a path, or null when missing. */
export interface DriverPrograms {
  readonly python: string | null
  readonly deno: string | null
  readonly bun: string | null
}

/**
 * Deno's least permissions for every kind of multitask call (README, "Deno and Bun"):
 * worker processes, large arguments through temp files, and the mmap addon.
 */
export const DENO_FLAGS = ['--allow-run', '--allow-env', '--allow-sys', '--allow-read', '--allow-write', '--allow-ffi'] as const

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
/** The same multitask call as `hosts`, its driver run by Deno or Bun. */
const onRuntime = (hosts: 'loky' | 'threading', name: 'deno' | 'bun'): ContestantInfo => {
  const title = name === 'deno' ? 'Deno' : 'Bun'
  const command = name === 'deno' ? `deno run ${DENO_FLAGS.join(' ')} driver.js` : 'bun driver.js'
  return {
    ...node(`${hosts}-${name}`, `multitask ${hosts} (${title})`, 'ours', false, `the call of multitask ${hosts}, in a driver started as: ${command}`),
    needs: name,
    runtime: { name, hosts },
  }
}

const JOBLIB_CALL = "Parallel(n_jobs, backend=…, max_nbytes='1M', mmap_mode='r')(delayed(partial(f, args))(i) for i in range(n))"

export const CONTESTANTS: readonly ContestantInfo[] = [
  node('loop', 'plain loop (Node)', 'baseline', false, 'for (i = 0; i < n; i++) out[i] = f(args, i)'),
  node('serial', 'multitask, jobs 1', 'ours', false, 'multitask(f, indices, args, null, { jobs: 1 })'),
  node('loky', 'multitask loky', 'ours', false, 'multitask(f, indices, args, null, { jobs, forceProcesses: true })'),
  node('threading', 'multitask threading', 'ours', false, 'multitask(f, indices, args, null, { jobs, forceThreading: true })'),
  node('loky-fresh', 'multitask loky, maxTasksPerWorker 1', 'ours', false, 'multitask(f, indices, args, null, { jobs, forceProcesses: true, maxTasksPerWorker: 1 }): a fresh worker process per task'),
  node('threading-fresh', 'multitask threading, maxTasksPerWorker 1', 'ours', false, 'multitask(f, indices, args, null, { jobs, forceThreading: true, maxTasksPerWorker: 1 }): a fresh worker thread per task'),
  node('loky-memlimit', "multitask loky, workerMemoryLimit '4G'", 'ours', false, "multitask(f, indices, args, null, { jobs, forceProcesses: true, workerMemoryLimit: '4G' }): memory read after tasks, never reached"),
  node('threading-memlimit', "multitask threading, workerMemoryLimit '4G'", 'ours', false, "multitask(f, indices, args, null, { jobs, forceThreading: true, workerMemoryLimit: '4G' }): memory read after tasks, never reached"),
  onRuntime('loky', 'deno'),
  onRuntime('threading', 'deno'),
  onRuntime('loky', 'bun'),
  onRuntime('threading', 'bun'),
  {
    ...node('bullmq', 'multitask bullmq', 'ours', false, "parallelBackend('bullmq', { connection, secret, nJobs: jobs }, () => multitask(f, indices, args, null)); jobs worker processes of concurrency 1 (startWorker, as multitask worker --concurrency 1 --allow-source runs) on a private local redis-server"),
    needs: 'redis-server',
  },
  node('tinypool-threads', 'tinypool (worker_threads)', 'peer', true, "new Tinypool({ runtime: 'worker_threads' }), one run() per task; an array result is returned as Tinypool.move(result)"),
  node('tinypool-process', 'tinypool (child_process)', 'peer', true, "new Tinypool({ runtime: 'child_process' }), one run() per task"),
  node('tinypool-isolated-threads', 'tinypool (worker_threads), isolateWorkers', 'peer', true, "new Tinypool({ runtime: 'worker_threads', isolateWorkers: true }), one run() per task: a fresh thread per task"),
  node('tinypool-isolated-process', 'tinypool (child_process), isolateWorkers', 'peer', true, "new Tinypool({ runtime: 'child_process', isolateWorkers: true }), one run() per task: a fresh process per task"),
  node('piscina', 'piscina', 'peer', true, 'new Piscina(), one run() per task; an array result is returned as Piscina.move(result)'),
  node('workerpool', 'workerpool', 'peer', true, "workerpool.pool() (workerType 'auto': threads), one exec() per task; an array result is returned as new workerpool.Transfer(result, [result.buffer])"),
  node('threadsjs', 'threads.js Pool', 'peer', true, 'Pool(() => spawn(new Worker())), one queue() per task'),
  node('tinypool-batched', 'tinypool (worker_threads), batched by hand', 'peer', false, "new Tinypool({ runtime: 'worker_threads' }), one run() per chunk of 1,000 tasks, the worker loops over its chunk"),
  node('piscina-batched', 'piscina, batched by hand', 'peer', false, 'new Piscina(), one run() per chunk of 1,000 tasks, the worker loops over its chunk'),
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

/** The series baseline of the contestant's language (Node's loop for Deno and Bun too). */
export const seriesOf = (id: string): string => (contestant(id).language === 'python' ? 'python-loop' : 'loop')

export function driverSpec(id: string, programs: DriverPrograms): DriverSpec {
  const info = contestant(id)
  const driver = fileURLToPath(new URL('../driver.js', import.meta.url))
  if (info.runtime) {
    const binary = programs[info.runtime.name]
    if (binary === null) throw new Error(`no ${info.runtime.name} binary`)
    const args = info.runtime.name === 'deno' ? ['run', ...DENO_FLAGS, driver, info.runtime.hosts] : [driver, info.runtime.hosts]
    return { command: binary, args }
  }
  if (info.language === 'node') return { command: process.execPath, args: [driver, id] }
  if (programs.python === null) throw new Error('no Python with joblib')
  const script = fileURLToPath(new URL('../python/joblib_bench.py', import.meta.url))
  const backend = id === 'python-loop' ? 'loop' : id === 'joblib-threading' ? 'threading' : 'loky'
  return { command: programs.python, args: [script, backend, id === 'joblib-loky-nomemmap' ? 'none' : '1M'] }
}
