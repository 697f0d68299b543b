import { BackendNotInstalledError, isBackendAvailable, packageForBackend } from '@multitask/core'
import { reportFailure, UsageError } from '../errors.js'
import { ExitCode } from '../exit-codes.js'

/** The options of `multitask worker`, as commander parses them. */
export interface WorkerCommandOptions {
  readonly backend: string
  readonly connection: string
  readonly queue?: string
  readonly concurrency?: number
  readonly pool: 'threading' | 'loky'
  readonly allowSource?: boolean
  readonly maxTasksPerWorker?: number
  readonly workerMemoryLimit?: string
  readonly idleTimeout?: number
}

/**
 * `multitask worker`: serves a distributed backend's queue until SIGINT or SIGTERM,
 * then finishes the running batches and exits 0. MULTITASK_SECRET, when set, is the
 * signing secret.
 */
export async function workerCommand(options: WorkerCommandOptions): Promise<ExitCode> {
  try {
    return await serve(options)
  } catch (error) {
    reportFailure(error, (k) => k).lines.forEach((line) => process.stderr.write(`${line}\n`))
    return reportFailure(error, (k) => k).exitCode
  }
}

async function serve(options: WorkerCommandOptions): Promise<ExitCode> {
  if (options.backend !== 'bullmq') {
    throw new UsageError(`--backend: only "bullmq" has workers; received "${options.backend}".`)
  }
  const { startWorker } = await importBullmq()
  let worker: Awaited<ReturnType<typeof startWorker>>
  try {
    worker = await startWorker({
      connection: options.connection,
      queue: options.queue,
      concurrency: options.concurrency,
      pool: options.pool,
      allowSource: options.allowSource === true,
      maxTasksPerWorker: options.maxTasksPerWorker,
      workerMemoryLimit: options.workerMemoryLimit,
      idleTimeout: options.idleTimeout,
    })
  } catch (error) {
    if (error instanceof TypeError || error instanceof RangeError) throw new UsageError(error.message)
    throw error
  }
  const where = options.connection.replace(/\/\/[^@/]*@/, '//***@')
  const source = options.allowSource ? ', shipped source allowed' : ''
  const signed = process.env.MULTITASK_SECRET ? ', signed jobs only' : ''
  process.stderr.write(
    `multitask worker: serving queue "${worker.queue}" at ${where} with ${worker.concurrency} ${options.pool} workers${source}${signed}; Ctrl-C to stop\n`,
  )
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve())
    process.once('SIGTERM', () => resolve())
  })
  process.stderr.write('multitask worker: stopping after the running batches\n')
  await worker.close()
  return ExitCode.ok
}

/** @multitask/bullmq is an optional peer of the CLI: only `multitask worker` needs it. */
async function importBullmq(): Promise<typeof import('@multitask/bullmq')> {
  if (!(await isBackendAvailable('bullmq'))) throw new BackendNotInstalledError('bullmq', packageForBackend('bullmq'))
  return import('@multitask/bullmq')
}
