/**
 * Errors of the bullmq backend. Like core's, each extends `MultitaskError` and has a
 * stable `name` and `code`, so callers can tell them apart without reading messages:
 * `ERR_MULTITASK_NO_WORKERS`, `ERR_MULTITASK_JOB_REJECTED`,
 * `ERR_MULTITASK_SOURCE_NOT_ALLOWED`, `ERR_MULTITASK_BAD_SIGNATURE`.
 */
import { MultitaskError } from '@multitask/core'

/** No worker served the queue for `noWorkerTimeout` ms while the call had batches waiting. */
export class NoWorkersError extends MultitaskError<'ERR_MULTITASK_NO_WORKERS'> {
  override readonly name = 'NoWorkersError'
  constructor(
    /** The queue nobody served. */
    readonly queue: string,
    /** How long the call waited, in milliseconds. */
    readonly waitedMs: number,
    redisStatus: string,
  ) {
    super(
      'ERR_MULTITASK_NO_WORKERS',
      `No multitask worker served the BullMQ queue "${queue}" for ${waitedMs} ms (Redis connection: ${redisStatus}). ` +
        'Start workers with `multitask worker --backend bullmq --connection <redis-url>` or `startWorker()`, ' +
        'or raise the `noWorkerTimeout` option.',
    )
  }
}

/**
 * A worker refused a batch, or BullMQ gave up on it: a bad or missing signature
 * (see `MULTITASK_SECRET`), a batch whose workers stalled too often, or a worker
 * that could not read the call.
 */
export class JobRejectedError extends MultitaskError<'ERR_MULTITASK_JOB_REJECTED'> {
  override readonly name = 'JobRejectedError'
  constructor(
    /** Index of the first task of the refused batch. */
    readonly taskIndex: number,
    /** What the worker (or BullMQ) said. */
    readonly reason: string,
  ) {
    super('ERR_MULTITASK_JOB_REJECTED', `The batch starting at task ${taskIndex} was rejected: ${reason}`)
  }
}

/** Thrown in a worker that was not started with `allowSource` when a call ships function source. */
export class SourceNotAllowedError extends MultitaskError<'ERR_MULTITASK_SOURCE_NOT_ALLOWED'> {
  override readonly name = 'SourceNotAllowedError'
  constructor() {
    super(
      'ERR_MULTITASK_SOURCE_NOT_ALLOWED',
      'This multitask worker does not run shipped function source. Pass a module reference { module, name } ' +
        '(the worker imports it), or start the worker with --allow-source (startWorker({ allowSource: true })) ' +
        'if everyone who can write to the queue may run code on it.',
    )
  }
}

/** A signature did not match: the job, payload or reply was not made with this secret, or was changed. */
export class SignatureError extends MultitaskError<'ERR_MULTITASK_BAD_SIGNATURE'> {
  override readonly name = 'SignatureError'
  constructor(message: string) {
    super('ERR_MULTITASK_BAD_SIGNATURE', message)
  }
}
