/**
 * What travels through Redis. Items, payloads and replies are encoded with V8's
 * structured serializer (as the loky backend sends them through its pipe), so typed
 * arrays, Maps, Dates and BigInts arrive as they left; BullMQ stores job data and
 * return values as JSON, so the bytes go as base64 there.
 */
import { deserialize, serialize } from 'node:v8'

/** The data of one BullMQ job: one batch of one call. */
export interface BatchJobData {
  /** Call id; the call's payload is at {@link payloadKey}. */
  readonly c: string
  /** Index of the batch's first task. */
  readonly s: number
  /** The items, V8-encoded, base64. */
  readonly i: string
  /** HMAC of the above, when the caller has a secret. */
  readonly g?: string
}

/** A job's return value: the worker's `BatchReply`, V8-encoded, base64, and its HMAC. */
export interface BatchJobResult {
  readonly r: string
  readonly g?: string
}

export const JOB_NAME = 'multitask-batch'

/** BullMQ job ids must not contain ':'; call ids are letters, digits and '-'. */
export function jobId(callId: string, start: number): string {
  return `${callId}-${start}`
}

/** Where a call's payload (function and arguments) lives while the call runs: once per call, not per job. */
export function payloadKey(prefix: string, queue: string, callId: string): string {
  return `${prefix}:${queue}:multitask:payload:${callId}`
}

/** The channel on which callers tell workers to stop the batches of an aborted call. */
export function cancelChannel(prefix: string, queue: string): string {
  return `${prefix}:${queue}:multitask:cancel`
}

export function encode(value: unknown): Buffer {
  return serialize(value)
}

export function decode<T>(bytes: Uint8Array): T {
  return deserialize(bytes) as T
}

export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')
}

export function fromBase64(text: string): Buffer {
  return Buffer.from(text, 'base64')
}
