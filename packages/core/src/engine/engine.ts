import type { ParallelBackend, TaskCall } from '../backend/backend.js'
import { AbortError, FallbackToSeries, TimeoutError } from '../errors/index.js'
import { warn, type LoggerLike } from '../logs/log.js'
import { markFailedTask } from '../task/failed-task.js'
import { emitRecord, LogSequencer } from '../logs/log-sequencer.js'
import { childNesting, enterCallDepth, runAtDepth } from './nesting.js'
import type { ParsedOptions } from '../api/options.js'
import { ParallelRun, type ResultRun } from './parallel-run.js'
import { planAndPrepare } from './plan.js'
import { ProgressReporter } from './progress.js'
import { knownTaskMs, rememberTaskMs } from './task-timings.js'
import { newCallId } from './call-id.js'
import { TaskSource } from './source.js'
import { callTask, type TaskSpec } from '../task/task.js'
import { captureConsole } from '../logs/console-capture.js'
import { currentTaskScope, runAsTask, taskLogger } from '../logs/task-logs.js'
import { loadTslog } from '../logs/tslog-module.js'

type TaskFn = (...a: any[]) => unknown

/** A call with its arguments checked: what {@link runCall} runs. */
export interface CallRequest {
  readonly task: TaskSpec
  readonly source: TaskSource
  readonly args: unknown
  readonly kwargs: unknown
  readonly options: ParsedOptions
  readonly ordered: boolean
}

/**
 * Runs a call and yields its results: in task order, or as they finish when
 * `ordered` is false. The one engine behind `multitask` and `multitaskIter`: plans
 * the call, runs it on its backend (or in series), falls back to series when the
 * backend asks, and honours the signal, the timeout and the progress callback.
 */
export async function* runCall(request: CallRequest): AsyncGenerator<ResultRun[]> {
  const { task, source, args, kwargs } = request
  // Inside a task whose call captures logs, a nested call's records join the task's own.
  const logger: LoggerLike | null = request.options.logger ?? (currentTaskScope() === undefined ? null : taskLogger())
  if (logger !== null) await loadTslog() // so taskLogger() inside its tasks needs no synchronous load
  const options: ParsedOptions = { ...request.options, logger }
  const { signal } = options
  if (signal !== null) throwIfAborted(signal)
  const depth = enterCallDepth()
  const form = kwargs === null || kwargs === undefined ? 1 : 2
  const progress = new ProgressReporter(options.onProgress ?? undefined, source.total, options.workerLimits !== undefined)
  try {
    const { plan, prepared } = await planAndPrepare(task, source, options)
    const { fn } = prepared
    const series = (items: Iterable<[number, unknown]>) =>
      runInSeries(fn, form, args, kwargs, items, options, progress, depth)
    if (plan.backend === null) {
      yield* series(numbered(source))
    } else {
      const parallel = { ...request, task: prepared.task, options }
      const run = yield* runParallel(plan.backend, plan.nJobs, plan.backendOptions, parallel, form, progress)
      if (run?.fallback !== undefined) {
        warn(options.logger, fallbackWarning(plan.backend.name, run, source.total))
        for (const row of run.leftovers()) {
          if (row.values !== undefined) {
            yield [{ start: row.start, values: row.values }]
          } else {
            run.logs?.releaseBefore(row.start)
            yield* series(row.items!.map((item, k): [number, unknown] => [row.start + k, item]))
          }
        }
        run.logs?.releaseBefore(Number.POSITIVE_INFINITY)
        yield* series(numbered(source))
      }
    }
    progress.finish()
  } finally {
    source.close()
  }
}

async function* runParallel(
  backend: ParallelBackend,
  nJobs: number,
  backendOptions: Readonly<Record<string, unknown>>,
  request: CallRequest,
  form: 1 | 2,
  progress: ProgressReporter,
): AsyncGenerator<ResultRun[], ParallelRun | undefined> {
  const { options } = request
  const call: TaskCall = {
    id: newCallId(),
    task: request.task,
    args: request.args,
    kwargs: request.kwargs,
    form,
    nJobs,
    taskCount: request.source.total ?? Number.NaN,
    maxNbytes: options.maxNbytes,
    workerNesting: childNesting(nJobs),
    backendOptions,
    captureLogs: options.logger !== null,
    ...(options.workerLimits === undefined ? {} : { workerLimits: options.workerLimits }),
  }
  try {
    if (backend.takesSource === false && call.task.kind === 'function') {
      throw new FallbackToSeries(
        `the "${backend.name}" backend runs module tasks only; pass a module reference { module, name } to run this call on it.`,
      )
    }
    await backend.startCall?.(call)
  } catch (error) {
    if (!(error instanceof FallbackToSeries)) throw error
    const run = new ParallelRun(backend, call, request.source, progress, { ordered: true, timeout: null })
    run.fallback = error
    return run
  }
  const run = new ParallelRun(
    backend,
    call,
    request.source,
    progress,
    { ordered: request.ordered, timeout: options.timeout },
    options.logger === null ? undefined : new LogSequencer(options.logger),
    knownTaskMs(request.task),
  )
  const onAbort = () => run.fail(new AbortError(options.signal!.reason))
  options.signal?.addEventListener('abort', onAbort, { once: true })
  if (options.signal?.aborted) onAbort() // aborted while the call was being planned or started
  try {
    yield* run.results()
  } finally {
    options.signal?.removeEventListener('abort', onAbort)
    rememberTaskMs(request.task, run.meanTaskMs)
    await backend.endCall?.(call)
  }
  return run
}

/** The one warning of a fallback: why, and which tasks ran where (so side effects that happened twice are no surprise). */
function fallbackWarning(backend: string, run: ParallelRun, total: number | undefined): string {
  const why = `multitask: running in series instead of on the "${backend}" backend: ${run.fallback!.reason}`
  const { finishedInWorkers: kept, rerun } = run
  if (kept === 0 && rerun.length === 0) return why
  const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`
  const rest = total === undefined ? 'the remaining tasks run' : `the other ${plural(total - kept, 'task')} run`
  const again =
    rerun.length === 0
      ? ''
      : ` ${rerun.length === 1 ? 'Task' : 'Tasks'} ${[...rerun].sort((a, b) => a - b).join(', ')} had started on "${backend}" and ${rerun.length === 1 ? 'runs' : 'run'} again in series.`
  return `${why} ${plural(kept, 'task')} finished on "${backend}" and keep their results; ${rest} in series.${again}`
}

/** Runs tasks in this thread, one after another, honouring the signal and (for async tasks) the timeout. */
async function* runInSeries(
  fn: TaskFn,
  form: 1 | 2,
  args: unknown,
  kwargs: unknown,
  items: Iterable<[number, unknown]>,
  options: ParsedOptions,
  progress: ProgressReporter,
  depth: number,
): AsyncGenerator<ResultRun[]> {
  // Synchronous results are handed out in chunks: a generator step per task would
  // cost more than a trivial task. An async task's result goes out as soon as it settles.
  let chunk: unknown[] = []
  let chunkStart = 0
  let chunkStarted = performance.now()
  // In series a task's records go to the logger live, as in the original.
  const { logger } = options
  const live = logger === null ? undefined : (record: Parameters<typeof emitRecord>[1]) => emitRecord(logger, record)
  if (live !== undefined) captureConsole() // the same capture as in workers, so the logger gets the same records
  for (const [index, item] of items) {
    if (options.signal) throwIfAborted(options.signal)
    // Calls the task makes count one level deeper, so runaway recursion ends in a NestingLimitError.
    const run = () => runAtDepth(depth, () => callTask(fn, form, args, kwargs, item))
    let value: unknown
    let isAsync = false
    try {
      value = live === undefined ? run() : runAsTask(index, live, run)
      isAsync = value !== null && typeof (value as PromiseLike<unknown>)?.then === 'function'
      if (isAsync) value = await settleWithin(value as PromiseLike<unknown>, index, options)
    } catch (error) {
      throw markFailedTask(error, index)
    }
    progress.add(1)
    if (chunk.length === 0) chunkStart = index
    chunk.push(value) // indices come consecutive: a chunk is one run
    // The clock is read every 16 tasks: reading it costs about as much as a trivial task.
    if (isAsync || chunk.length >= SERIES_CHUNK || (chunk.length % 16 === 0 && performance.now() - chunkStarted >= SERIES_CHUNK_MS)) {
      yield [{ start: chunkStart, values: chunk }]
      chunk = []
      chunkStarted = performance.now()
    }
  }
  if (chunk.length > 0) yield [{ start: chunkStart, values: chunk }]
}

const SERIES_CHUNK = 256
const SERIES_CHUNK_MS = 10

/**
 * Awaits an async task, giving up when the call's timeout passes or its signal
 * aborts. (A synchronous task cannot be interrupted in its own thread; the docs say so.)
 */
function settleWithin(value: PromiseLike<unknown>, index: number, options: ParsedOptions): Promise<unknown> {
  const { timeout, signal } = options
  if (timeout === null && signal === null) return Promise.resolve(value)
  return new Promise((resolve, reject) => {
    const timer = timeout === null ? undefined : setTimeout(() => reject(new TimeoutError(index, timeout)), timeout)
    const onAbort = () => reject(new AbortError(signal!.reason))
    signal?.addEventListener('abort', onAbort, { once: true })
    Promise.resolve(value)
      .then(resolve, reject)
      .finally(() => {
        clearTimeout(timer)
        signal?.removeEventListener('abort', onAbort)
      })
  })
}

function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new AbortError(signal.reason)
}

/** The source's remaining tasks with their indices. */
function* numbered(source: TaskSource): Generator<[number, unknown]> {
  for (;;) {
    const index = source.nextIndex
    const items = source.take(1)
    if (items.length === 0) return
    yield [index, items[0]]
  }
}
