import type { ParallelBackend, TaskCall } from './backend.js'
import { AutoBatcher } from './batching.js'
import { FallbackToSeries } from './errors.js'

/** How a parallel run ended when it did not throw. */
export interface ParallelOutcome {
  /** Set when the backend asked to fall back: the tasks in `pending` still have to run. */
  readonly fallback?: FallbackToSeries
  /** [start, end) ranges of tasks that did not complete. Empty when all did. */
  readonly pending: ReadonlyArray<readonly [number, number]>
}

/**
 * Runs every task of `call` on `backend`, writing `results[i]` for task `i`. Keeps
 * about two batches per worker in flight (joblib's `pre_dispatch='2*n_jobs'`), so a
 * worker finds its next batch queued when it finishes one.
 *
 * A task error rejects at once, after asking the backend to stop the call's other
 * batches. A {@link FallbackToSeries} stops dispatching, lets running batches finish,
 * and resolves with the tasks still to run.
 */
export function runInParallel(
  backend: ParallelBackend,
  call: TaskCall,
  items: readonly unknown[],
  results: unknown[],
): Promise<ParallelOutcome> {
  const total = items.length
  const batcher = new AutoBatcher(call.nJobs)
  const maxInFlight = 2 * call.nJobs
  const unfinished = new Map<number, number>() // start -> end of batches dispatched and not done
  let next = 0
  let inFlight = 0
  let fallback: FallbackToSeries | undefined
  let failed = false

  return new Promise<ParallelOutcome>((resolve, reject) => {
    const settleIfIdle = () => {
      if (inFlight > 0 || failed) return
      if (fallback === undefined && next < total) return
      const pending = [...unfinished.entries()].sort((a, b) => a[0] - b[0])
      if (next < total) pending.push([next, total])
      resolve({ fallback, pending })
    }

    const fail = (error: unknown) => {
      if (failed) return
      failed = true
      Promise.resolve()
        .then(() => backend.abortCall?.(call, error))
        .catch(() => undefined) // the task's error is the one the caller must see
        .finally(() => reject(error))
    }

    const dispatch = () => {
      while (!failed && fallback === undefined && inFlight < maxInFlight && next < total) {
        const start = next
        const size = batcher.next(total - start)
        const end = start + size
        next = end
        inFlight++
        unfinished.set(start, end)
        const sentAt = performance.now()
        let outcome
        try {
          outcome = backend.runBatch(call, { start, items: items.slice(start, end) })
        } catch (error) {
          outcome = Promise.reject(error)
        }
        outcome.then(
          ({ results: batchResults, durationMs }) => {
            inFlight--
            if (failed) return
            if (batchResults.length !== size) {
              fail(new Error(`Backend "${backend.name}" returned ${batchResults.length} results for a batch of ${size} tasks.`))
              return
            }
            for (let k = 0; k < size; k++) results[start + k] = batchResults[k]
            unfinished.delete(start)
            batcher.record(size, durationMs ?? performance.now() - sentAt)
            dispatch()
            settleIfIdle()
          },
          (error: unknown) => {
            inFlight--
            if (error instanceof FallbackToSeries && !failed) {
              fallback ??= error
              settleIfIdle()
            } else {
              fail(error)
            }
          },
        )
      }
    }

    dispatch()
    settleIfIdle()
  })
}
