import type { BatchOutcome, ParallelBackend, TaskCall } from '../backend/backend.js'
import { AutoBatcher } from './batching.js'
import { BackendContractError, FallbackToSeries, TimeoutError } from '../errors/index.js'
import type { LogSequencer } from '../logs/log-sequencer.js'
import type { ProgressReporter } from './progress.js'
import type { TaskSource } from './source.js'
import { taskLogsOf, type TaskLogRecord } from '../logs/task-logs.js'

/** A result with the index of its task among the call's (non-skipped) tasks. */
export interface IndexedResult<R = unknown> {
  readonly index: number
  readonly value: R
}

/** Results of consecutive tasks `start, start + 1, ...`: how results travel inside core, a batch at a time. */
export interface ResultRun {
  readonly start: number
  readonly values: readonly unknown[]
}

interface Batch {
  readonly items: unknown[]
  timer?: ReturnType<typeof setTimeout>
}

/** Tasks read from the source but not (or no longer) in flight: the rest of a batch that stopped at its budget. */
interface Pending {
  readonly start: number
  readonly items: unknown[]
}

/**
 * One parallel call in progress: reads tasks from the source as workers need them,
 * keeps about two batches per worker in flight (joblib's `pre_dispatch`), and hands
 * results out in task order (or as they finish, unordered). It never reads more than
 * a bounded window of tasks ahead of what the consumer has taken, so a generator of
 * millions of items runs in bounded memory.
 *
 * A task error, an abort or a timeout fails the run: dispatching stops, the backend is
 * asked to stop the call's batches, and the error is thrown to the consumer. A
 * {@link FallbackToSeries} stops dispatching, lets running batches finish, and leaves
 * the unfinished tasks to {@link ParallelRun.leftovers}.
 */
export class ParallelRun {
  private readonly batcher: AutoBatcher
  private readonly maxInFlight: number
  private readonly inFlight = new Map<number, Batch>()
  private readonly ready = new Map<number, unknown[]>() // batch start -> results not handed out yet
  private readonly finishedOrder: number[] = [] // unordered: batch starts, in completion order
  private readonly fallbackBatches = new Map<number, unknown[]>()
  private readonly pending: Pending[] = [] // dispatched again before new tasks are read
  private cursor = 0 // ordered: next index to hand out
  private consumed = 0
  private error: { value: unknown } | undefined
  private stopping: Promise<void> | undefined
  private wake: (() => void) | undefined
  /** Set when the backend asked for series; the unfinished tasks are in {@link leftovers}. */
  fallback: FallbackToSeries | undefined
  /** How many tasks finished on the backend (their results are kept, whatever happens next). */
  finishedInWorkers = 0
  /** Tasks that were running in a worker when they asked for the fallback: they run again in series. */
  readonly rerun: number[] = []

  constructor(
    private readonly backend: ParallelBackend,
    private readonly call: TaskCall,
    private readonly source: TaskSource,
    private readonly progress: ProgressReporter,
    private readonly options: { readonly ordered: boolean; readonly timeout: number | null },
    /** Emits the tasks' records in task order, when the call has a logger. */
    readonly logs?: LogSequencer,
    /** What earlier calls of the same function measured per task. */
    knownTaskMs?: number,
  ) {
    this.batcher = new AutoBatcher(call.nJobs, source.total, knownTaskMs)
    // A per-task timeout counts from the task's start: one task per batch and no
    // queueing behind a busy worker make dispatch time and start time the same.
    this.maxInFlight = options.timeout === null ? 2 * call.nJobs : call.nJobs
  }

  /** Fails the run from outside, e.g. when the call's signal aborts. */
  fail(error: unknown): void {
    if (this.error !== undefined) return
    this.error = { value: error }
    for (const batch of this.inFlight.values()) clearTimeout(batch.timer)
    this.stopping = Promise.resolve()
      .then(() => (this.inFlight.size > 0 ? this.backend.abortCall?.(this.call, error) : undefined))
      .catch(() => undefined) // the run's own error is the one the caller must see
    this.wake?.()
  }

  /**
   * Results in chunks, each chunk all that became available at once; ends when the
   * input is exhausted or a fallback stopped the run.
   */
  async *results(): AsyncGenerator<ResultRun[]> {
    try {
      this.dispatch()
      for (;;) {
        if (this.error !== undefined) {
          await this.stopping
          throw this.error.value
        }
        const chunk = this.takeReady()
        if (chunk.length > 0) {
          for (const run of chunk) this.consumed += run.values.length
          yield chunk
          this.dispatch()
          continue
        }
        if (this.inFlight.size === 0 && ((this.source.done && this.pending.length === 0) || this.fallback !== undefined)) return
        await new Promise<void>((resolve) => (this.wake = resolve))
        this.wake = undefined
      }
    } finally {
      // The consumer stopped early (break, return) with batches still running: stop them.
      if (this.error === undefined && this.inFlight.size > 0) {
        this.error = { value: undefined }
        for (const batch of this.inFlight.values()) clearTimeout(batch.timer)
        await Promise.resolve(this.backend.abortCall?.(this.call, new Error('the consumer stopped reading results'))).catch(
          () => undefined,
        )
      }
    }
  }

  /**
   * After a fallback: the tasks that still have to run in series, in task order, each
   * with its result when it did finish in a worker (ordered runs hold those back to
   * keep the order).
   */
  leftovers(): Array<{ start: number; values?: readonly unknown[]; items?: readonly unknown[] }> {
    const rows: Array<{ start: number; values?: readonly unknown[]; items?: readonly unknown[] }> = []
    for (const [start, values] of this.ready) rows.push({ start, values })
    for (const [start, items] of this.fallbackBatches) rows.push({ start, items })
    for (const { start, items } of this.pending) rows.push({ start, items })
    return rows.sort((a, b) => a.start - b.start)
  }

  private takeReady(): ResultRun[] {
    const chunk: ResultRun[] = []
    if (this.options.ordered) {
      for (let values = this.ready.get(this.cursor); values !== undefined; values = this.ready.get(this.cursor)) {
        chunk.push({ start: this.cursor, values })
        this.ready.delete(this.cursor)
        this.cursor += values.length
      }
    } else {
      for (const start of this.finishedOrder) {
        chunk.push({ start, values: this.ready.get(start)! })
        this.ready.delete(start)
      }
      this.finishedOrder.length = 0
    }
    return chunk
  }

  /** How far ahead of the consumer the run may read: bounded, and large enough to keep every worker busy. */
  private get window(): number {
    return Math.max(1024, 4 * this.call.nJobs * this.batcher.batchSize)
  }

  /** The mean time per task the run measured, for the next call of the same function. */
  get meanTaskMs(): number | undefined {
    return this.batcher.meanTaskMs
  }

  private dispatch(): void {
    while (this.error === undefined && this.fallback === undefined && this.inFlight.size < this.maxInFlight) {
      const notRead = this.source.total === undefined ? Number.POSITIVE_INFINITY : this.source.total - this.source.nextIndex
      const rest = this.pending[0]
      if (rest !== undefined) {
        // The rest of a batch that stopped at its budget: split again, so an idle worker can share it.
        const size = this.batcher.next(rest.items.length + notRead)
        if (size >= rest.items.length) this.pending.shift()
        else this.pending[0] = { start: rest.start + size, items: rest.items.slice(size) }
        this.send(rest.start, size >= rest.items.length ? rest.items : rest.items.slice(0, size), notRead)
        continue
      }
      if (this.source.done || this.source.nextIndex - this.consumed >= this.window) break
      const start = this.source.nextIndex
      let items: unknown[]
      try {
        items = this.source.take(this.options.timeout === null ? this.batcher.next(notRead) : 1)
      } catch (error) {
        this.fail(error) // the input itself failed (an iterator that throws, a skip mask too short)
        return
      }
      if (items.length === 0) break
      this.send(start, items, notRead - items.length)
    }
    this.wake?.()
  }

  private send(start: number, items: unknown[], notRead: number): void {
    const batch: Batch = { items }
    this.inFlight.set(start, batch)
    // With a per-task timeout a batch is one task and must run whole.
    let budgetMs: number | undefined
    if (this.options.timeout !== null) {
      const ms = this.options.timeout
      batch.timer = setTimeout(() => this.fail(new TimeoutError(start, ms)), ms)
    } else if (items.length > 1) {
      budgetMs = this.batcher.budgetMs(notRead + items.length)
    }
    const sentAt = performance.now()
    let outcome: Promise<BatchOutcome>
    try {
      outcome = this.backend.runBatch(this.call, budgetMs === undefined ? { start, items } : { start, items, budgetMs })
    } catch (error) {
      outcome = Promise.reject(error)
    }
    outcome.then(
      (result) => this.finished(start, batch, result, performance.now() - sentAt),
      (error: unknown) => {
        clearTimeout(batch.timer)
        this.inFlight.delete(start)
        if (error instanceof FallbackToSeries && this.error === undefined) {
          this.fallback ??= error
          const done = error.finished?.results.length ?? 0
          if (error.finished !== undefined) {
            this.rerun.push(start + done)
            if (done > 0) this.keep(start, error.finished.results as unknown[], error.finished.logs ?? [])
          }
          this.fallbackBatches.set(start + done, batch.items.slice(done))
          this.wake?.()
        } else {
          const failedAt = (error as { taskIndex?: unknown } | null)?.taskIndex
          if (this.error === undefined && typeof failedAt === 'number') this.logs?.failed(failedAt, taskLogsOf(error))
          this.fail(error)
        }
      },
    )
  }

  private finished(start: number, batch: Batch, outcome: BatchOutcome, elapsedMs: number): void {
    clearTimeout(batch.timer)
    this.inFlight.delete(start)
    if (this.error !== undefined) return
    const size = batch.items.length
    const done = outcome.results.length
    // Fewer results only for a batch that had a budget or whose worker retired, and never none: the tasks would never end.
    const mayStopEarly = outcome.retired !== undefined || (size > 1 && this.options.timeout === null)
    if (done !== size && (done === 0 || done > size || !mayStopEarly)) {
      this.fail(new BackendContractError(`Backend "${this.backend.name}" returned ${done} results for a batch of ${size} tasks.`))
      return
    }
    if (outcome.retired !== undefined) this.progress.workerReplaced(outcome.retired)
    if (outcome.durationMs === undefined) this.batcher.record(done, elapsedMs, size)
    else this.batcher.record(done, outcome.durationMs, size, elapsedMs)
    if (done < size) this.requeue({ start: start + done, items: batch.items.slice(done) })
    if (this.keep(start, outcome.results, outcome.logs ?? [])) this.dispatch()
  }

  /** Puts the unrun rest of a batch back, in task order, ahead of tasks not read yet. */
  private requeue(rest: Pending): void {
    let at = this.pending.length
    while (at > 0 && this.pending[at - 1]!.start > rest.start) at--
    this.pending.splice(at, 0, rest)
  }

  /** Holds the results of tasks `start, start + 1, ...` that finished in a worker; false when that failed the run. */
  private keep(start: number, results: unknown[], logs: readonly TaskLogRecord[]): boolean {
    this.ready.set(start, results)
    if (!this.options.ordered) this.finishedOrder.push(start)
    this.finishedInWorkers += results.length
    try {
      this.logs?.batchDone(start, start + results.length, logs)
      this.progress.add(results.length)
    } catch (error) {
      this.fail(error)
      return false
    }
    return true
  }
}
