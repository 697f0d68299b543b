/**
 * The messages between a parent and its workers, shared by every worker backend:
 * the parent sends {@link BatchRequest}s, a worker answers each with a {@link BatchReply}.
 * A call's function and arguments ({@link CallPayload}) travel once per worker per
 * call: a worker that has not seen the call yet answers `need-payload`, and the
 * parent sends the batch again with the payload.
 */
import type { NestingInfo } from '../engine/nesting.js'
import type { SerializedError } from '../task/remote-error.js'
import type { TaskLogRecord } from '../logs/task-logs.js'
import type { RetireReason, WorkerLimits } from './worker-limits.js'

/** How the task function travels: as source to rebuild, or as a module to import. */
export type ShippedTask =
  | { readonly kind: 'source'; readonly source: string }
  | {
      readonly kind: 'module'
      readonly url: string
      readonly name: string
      /** The caller's compiled JavaScript of a TypeScript module: what the worker imports, instead of loading `url` through tsx. */
      readonly compiled?: string
    }

/** What a worker needs once per call. */
export interface CallPayload {
  readonly callId: string
  readonly task: ShippedTask
  readonly args: unknown
  readonly kwargs: unknown
  readonly form: 1 | 2
  readonly nesting: NestingInfo
  /** Capture each task's console and task-logger records and send them back with the results. */
  readonly captureLogs: boolean
  /** When the worker retires (`TaskCall.workerLimits`); absent when the call sets no limit. */
  readonly workerLimits?: WorkerLimits
}

/** One batch: tasks `start .. start + items.length - 1` of call `callId`. */
export interface BatchRequest {
  readonly callId: string
  readonly start: number
  readonly items: readonly unknown[]
  /** Present when the worker asked for it, or when the parent guesses the worker lacks it. */
  readonly payload?: CallPayload
  /** The batch's time budget (`TaskBatch.budgetMs`): the worker may answer `done` with the results of the first tasks only. */
  readonly budgetMs?: number
}

/** A worker's answer to a {@link BatchRequest}. */
export type BatchReply =
  | {
      readonly kind: 'done'
      readonly results: unknown[]
      readonly durationMs: number
      readonly logs?: TaskLogRecord[]
      /** The worker reached this limit of the call's `workerLimits`: replace it before its next batch. */
      readonly retire?: RetireReason
    }
  | { readonly kind: 'need-payload' }
  | { readonly kind: 'failed'; readonly taskIndex: number; readonly error: SerializedError; readonly logs?: TaskLogRecord[] }
  | {
      readonly kind: 'fallback'
      readonly reason: string
      /** When a task of the batch asked for the fallback: what the tasks before it returned and logged. */
      readonly finished?: { readonly results: unknown[]; readonly logs?: TaskLogRecord[] }
    }
