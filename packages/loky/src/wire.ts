/**
 * The bytes that cross the IPC pipe. Messages are encoded with V8's structured
 * serializer here, not by the pipe, for two reasons: an unserializable value then
 * fails in our own `try`, where it becomes a fallback or a clear error, instead of
 * inside tinypool's message relay, where it would be an uncaught exception in the
 * caller; and a call's payload is encoded once and its bytes reused for every
 * worker. On Node the pipe runs with `serialization: 'advanced'`, so the bytes cross
 * as they are; on Deno and Bun it runs with 'json', so they cross as base64 text.
 */
import { Buffer } from 'node:buffer'
import { deserialize, serialize } from 'node:v8'
import type { IpcSerialization } from './host-runtime.js'
import type { BatchReply, BatchRequest } from '@multitask/core/worker'

/** A batch as it travels: the request without its payload, plus ids of calls that have ended. */
export interface WireHead {
  readonly callId: string
  readonly start: number
  readonly items: readonly unknown[]
  /** The batch's time budget, when it has one. */
  readonly budgetMs?: number
  /** Calls the parent has finished: the worker drops what it cached for them. Sent with payloads only. */
  readonly ended?: readonly string[]
  /** A folder the parent can read and remove files in: where large result buffers may go (result-files.ts). */
  readonly results?: string
}

/** A batch of no tasks, which a worker answers at once without looking further: what starts idle workers. */
export const EMPTY_BATCH: WireHead = { callId: '', start: -1, items: [] }

/** Encoded bytes as they cross the pipe: raw ('advanced' IPC) or base64 text ('json' IPC). */
export type PipeBytes = Uint8Array | string

/** What tinypool carries to a worker: the encoded head, and the encoded payload when the worker needs it. */
export type WireMessage = [head: PipeBytes] | [head: PipeBytes, payload: PipeBytes]

export function encode(value: unknown): Uint8Array {
  return serialize(value)
}

export function decode<T>(bytes: PipeBytes): T {
  return deserialize(typeof bytes === 'string' ? Buffer.from(bytes, 'base64') : bytes) as T
}

/** Bytes ready for a pipe of `serialization`; text costs a third more, but JSON IPC cannot carry bytes. */
export function toPipe(bytes: Uint8Array, serialization: IpcSerialization): PipeBytes {
  if (serialization === 'advanced') return bytes
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')
}

export type { BatchReply, BatchRequest }
