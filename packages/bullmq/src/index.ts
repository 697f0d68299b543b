/**
 * The distributed backend: batches as BullMQ jobs through Redis, run by workers on any machines.
 *
 * @packageDocumentation
 * @module @multitask/bullmq
 */
import './register.js'

export { createBullmqBackend } from './bullmq-backend.js'
export { startWorker, type MultitaskWorker } from './worker.js'
export { shutdown } from './default-backend.js'
export type { BullmqOptions } from './options.js'
export type { WorkerOptions } from './worker-options.js'
export type { RedisConnection } from './connection.js'
export { NoWorkersError, JobRejectedError, SourceNotAllowedError, SignatureError } from './errors.js'
