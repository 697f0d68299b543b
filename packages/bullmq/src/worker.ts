import { findUnserializable, type BatchReply, type ParallelBackend } from '@multitask/core/backend'
import { createLokyBackend } from '@multitask/loky'
import { threadingBackend } from '@multitask/threading'
import { UnrecoverableError, Worker, type Job } from 'bullmq'
import { connectionOptions, createRedis } from './connection.js'
import { LocalCalls } from './local-calls.js'
import { readPayload } from './payload-store.js'
import { sign, verify } from './signing.js'
import {
  cancelChannel,
  decode,
  encode,
  fromBase64,
  payloadKey,
  toBase64,
  type BatchJobData,
  type BatchJobResult,
} from './wire.js'
import { parseWorkerOptions, type WorkerOptions } from './worker-options.js'

/** A running worker; see {@link startWorker}. */
export interface MultitaskWorker {
  /** The queue it serves. */
  readonly queue: string
  /** Batches it runs at once. */
  readonly concurrency: number
  /** Stops taking batches, waits for the running ones, stops the local pool and closes the connections. */
  close(): Promise<void>
}

/**
 * Starts a worker in this process: it takes batches of multitask calls from the
 * BullMQ queue and runs them on a local pool of `concurrency` threads (or processes),
 * so one worker uses its machine's cores. Run one per machine; several on one
 * machine behave like several machines.
 *
 * @example
 * ```ts
 * import { startWorker } from '@multitask/bullmq'
 * const worker = await startWorker({ connection: 'redis://10.0.0.5:6379', concurrency: 8 })
 * process.once('SIGTERM', () => void worker.close())
 * ```
 */
export async function startWorker(options: WorkerOptions): Promise<MultitaskWorker> {
  const parsed = parseWorkerOptions(options as unknown as Readonly<Record<string, unknown>>)
  const { queue, prefix, secret, logger, concurrency } = parsed
  const local = { idleTimeout: parsed.idleTimeout }
  const pool: ParallelBackend = parsed.pool === 'loky' ? createLokyBackend(local) : threadingBackend(local)
  const redis = createRedis(parsed.connection)
  const subscriber = createRedis(parsed.connection)
  redis.on('error', () => undefined) // ioredis reconnects by itself
  subscriber.on('error', () => undefined)
  const calls = new LocalCalls(pool, concurrency, parsed.allowSource, parsed.workerLimits, (callId) =>
    readPayload(redis, payloadKey(prefix, queue, callId), callId, secret),
  )

  const reject = (what: string, reason: string): never => {
    logger.error(`multitask worker: rejected ${what} on queue "${queue}": ${reason}`)
    throw new UnrecoverableError(reason)
  }

  async function process(job: Job<BatchJobData>): Promise<BatchJobResult> {
    const data = job.data
    if (typeof data?.c !== 'string' || typeof data.s !== 'number' || typeof data.i !== 'string') {
      return reject(`job ${job.id}`, 'it is not a multitask batch')
    }
    if (secret !== undefined) {
      try {
        verify(secret, data.g, `Job ${job.id}`, 'job', queue, data.c, String(data.s), data.i)
      } catch (error) {
        return reject(`job ${job.id}`, (error as Error).message)
      }
    }
    const items = decode<unknown[]>(fromBase64(data.i))
    let reply = await calls.run(data.c, data.s, items)
    if (reply.kind === 'failed' && reply.error.isError && reply.error.name === 'SignatureError') {
      logger.error(`multitask worker: rejected call ${data.c} on queue "${queue}": ${reply.error.message}`)
    }
    let r: string
    try {
      r = toBase64(encode(reply))
    } catch (error) {
      reply = unsendable(reply, data.s, error)
      r = toBase64(encode(reply))
    }
    return { r, g: secret && sign(secret, 'reply', job.id!, r) }
  }

  const worker = new Worker<BatchJobData, BatchJobResult>(queue, process, {
    connection: connectionOptions(parsed.connection),
    prefix,
    concurrency,
    lockDuration: parsed.lockDuration,
    stalledInterval: parsed.stalledInterval,
    maxStalledCount: parsed.maxStalledCount,
    autorun: false,
  })
  worker.on('error', () => undefined) // connection errors: BullMQ and ioredis retry

  await subscriber.subscribe(cancelChannel(prefix, queue))
  subscriber.on('message', (_channel: string, message: string) => {
    let callId: string
    try {
      const { c, g } = JSON.parse(message) as { c: string; g?: string }
      if (secret !== undefined) verify(secret, g, 'A cancel message', 'cancel', queue, c)
      callId = c
    } catch (error) {
      logger.error(`multitask worker: ignored a cancel message on queue "${queue}": ${(error as Error).message}`)
      return
    }
    void calls.abort(callId, new Error('the caller aborted the call'))
  })
  void worker.run().catch(() => undefined)
  await worker.waitUntilReady()

  let closing: Promise<void> | undefined
  return {
    queue,
    concurrency,
    close: () =>
      (closing ??= (async () => {
        await worker.close()
        await calls.close()
        await pool.terminate?.()
        subscriber.disconnect()
        redis.disconnect()
      })()),
  }
}

/** A reply whose results V8 cannot encode becomes the error of the first such task. */
function unsendable(reply: BatchReply, start: number, error: unknown): BatchReply {
  const bad = reply.kind === 'done' ? findUnserializable(reply.results) : undefined
  const index = start + (bad?.index ?? 0)
  const cloneError = new Error(`The result of task ${index} cannot be sent back from the bullmq worker: ${bad?.message ?? (error as Error).message}`)
  cloneError.name = 'DataCloneError'
  return { kind: 'failed', taskIndex: index, error: { isError: true, name: cloneError.name, message: cloneError.message, stack: cloneError.stack, fields: {} } }
}
