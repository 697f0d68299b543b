import { defaultBackend, isBackendAvailable, multitaskIter, parallelBackend, parseMaxNbytes, type Progress } from '@multitask/core'
import { reportFailure, UsageError } from '../errors.js'
import { ExitCode } from '../exit-codes.js'
import { parseRange, readItems, type Inputs } from '../inputs.js'
import { readJsonOption } from '../json-option.js'
import { installedBackends } from '../installed.js'
import { parseModuleSpec } from '../module-spec.js'
import { createWriter } from '../output.js'
import { createProgress } from '../progress.js'
import { shutdownBackends } from '../shutdown.js'
import { readSkip } from '../skip-option.js'
import { redirectConsole, stderrLogger } from '../task-logs.js'
import { describePlan, replacedWorkers, summary } from '../verbose.js'
import type { RunOptions } from '../run-options.js'


/**
 * `multitask run`: checks the whole command line, reads the items, then streams the
 * results of `multitaskIter` to the output in input order. Ctrl-C aborts the run
 * through its signal; the worker pools are shut down whatever happened.
 */
export async function runCommand(spec: string, options: RunOptions): Promise<ExitCode> {
  const log = (line: string) => process.stderr.write(`${line}\n`)
  let kept: number[] | null = null
  try {
    const setup = await prepare(spec, options)
    kept = setup.kept
    return await execute(setup, options)
  } catch (error) {
    const report = reportFailure(error, (k) => kept?.[k] ?? k)
    report.lines.forEach(log)
    return report.exitCode
  }
}

type Setup = Awaited<ReturnType<typeof prepare>>

/** Everything that can be wrong with the command line fails here, before any task runs or the output is touched. */
async function prepare(spec: string, options: RunOptions) {
  const task = parseModuleSpec(spec)
  if ((options.range === undefined) === (options.items === undefined)) {
    throw new UsageError(
      options.range === undefined
        ? 'Give the items with --range start:stop[:step] or --items <file|->.'
        : 'Give either --range or --items, not both.',
    )
  }
  const [args, kwargs] = [await readJsonOption('--args', options.args), await readJsonOption('--kwargs', options.kwargs)]
  const maxNbytes = parseMaxNbytesOption(options.maxNbytes)
  if (options.backend !== undefined && !(await isBackendAvailable(options.backend))) {
    throw new UsageError(
      `--backend: no backend named "${options.backend}" is installed (installed: ${(await installedBackends()).join(', ')}); ` +
        'see "multitask backends".',
    )
  }
  const inputs: Inputs = options.range !== undefined ? parseRange(options.range) : await readItems(options.items!)
  const skip = options.skip === undefined ? null : await readSkip(options.skip, inputs.count)
  const kept = skip === null ? null : skip.flatMap((skipped, position) => (skipped ? [] : [position]))
  const writer = await createWriter({ ndjson: options.ndjson === true, out: options.out })
  return { task, args, kwargs, maxNbytes, inputs, skip, kept, writer, taskCount: kept?.length ?? inputs.count }
}

async function execute(setup: Setup, options: RunOptions): Promise<ExitCode> {
  const { task, inputs, writer } = setup
  const progress = createProgress(options.progress && !options.quiet && process.stderr.isTTY === true, setup.taskCount)
  const logger = stderrLogger(progress.log, { quiet: options.quiet === true, verbose: options.verbose === true })
  const restoreConsole = redirectConsole(logger)
  const controller = new AbortController()
  let stopped: 'interrupted' | 'stdout closed' | undefined
  const onSigint = () => {
    if (stopped === 'interrupted') process.exit(ExitCode.interrupted) // a second Ctrl-C: do not wait for anything
    stopped = 'interrupted'
    controller.abort(new Error('interrupted (SIGINT)'))
  }
  const onStdoutError = (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error
    stopped ??= 'stdout closed' // the reader went away (e.g. `| head`): stop quietly, as Unix tools do
    controller.abort(new Error('stdout was closed'))
  }
  process.on('SIGINT', onSigint)
  process.stdout.on('error', onStdoutError)
  const started = performance.now()
  try {
    if (options.verbose) logger.info(await describePlan(task, setup.taskCount, inputs.origin, options))
    let lastProgress: Progress | undefined
    const consume = async () => {
      let taskIndex = 0
      const results = multitaskIter(task, inputs.items, setup.args, setup.kwargs, {
        // With --backend, the context's nJobs applies (unset: all CPUs, as in joblib).
        jobs: options.backend === undefined ? options.jobs : undefined,
        skip: setup.skip,
        maxNbytes: setup.maxNbytes,
        forceThreading: options.forceThreading === true,
        forceProcesses: options.forceProcesses === true,
        timeout: options.timeout ?? null,
        maxTasksPerWorker: options.maxTasksPerWorker,
        workerMemoryLimit: options.workerMemoryLimit,
        signal: controller.signal,
        onProgress: (report) => {
          lastProgress = report
          progress.onProgress?.(report)
        },
        logger,
      })
      let turned = performance.now()
      for await (const value of results) {
        await writer.write(taskIndex++, value)
        // Synchronous tasks in series never give the event loop a turn by themselves,
        // and without one neither Ctrl-C nor the progress bar would get through.
        if (performance.now() - turned > TURN_MS) {
          await new Promise((resolve) => setImmediate(resolve))
          turned = performance.now()
        }
      }
      return taskIndex
    }
    const done = await inContext(options, consume)
    await writer.end()
    progress.stop()
    if (options.verbose) {
      const replaced = replacedWorkers(lastProgress)
      if (replaced !== undefined) logger.info(replaced)
      logger.info(summary(done, performance.now() - started))
    }
    return ExitCode.ok
  } catch (error) {
    await writer.close().catch(() => undefined)
    progress.stop()
    if (stopped === 'interrupted') {
      logger.error('multitask: interrupted; the running tasks were stopped.')
      return ExitCode.interrupted
    }
    if (stopped === 'stdout closed') return ExitCode.ok
    throw error
  } finally {
    progress.stop()
    restoreConsole()
    await shutdownBackends()
    process.off('SIGINT', onSigint)
    process.stdout.off('error', onStdoutError)
  }
}

const TURN_MS = 50

/**
 * Runs `consume` in the `parallelBackend` context the flags ask for: --backend's, or,
 * for --idle-timeout (a backend option), the backend the run would use anyway, with
 * series still the default without --jobs.
 */
async function inContext<T>(options: RunOptions, consume: () => Promise<T>): Promise<T> {
  const idle = options.idleTimeout === undefined ? {} : { idleTimeout: options.idleTimeout }
  if (options.backend !== undefined) return parallelBackend(options.backend, { nJobs: options.jobs, ...idle }, consume)
  if (options.idleTimeout === undefined) return consume()
  const name = options.forceThreading ? 'threading' : options.forceProcesses ? 'loky' : (await defaultBackend()).name
  if (name === null) return consume()
  return parallelBackend(name, { nJobs: options.jobs ?? 1, ...idle }, consume)
}

function parseMaxNbytesOption(value: string | undefined): number | string | null | undefined {
  if (value === undefined) return undefined
  if (value.toLowerCase() === 'none') return null
  try {
    parseMaxNbytes(value)
  } catch {
    throw new UsageError(`--max-nbytes must be a byte count, a size like 1M, 512K or 2G, or "none"; received "${value}".`)
  }
  return value
}
