/**
 * The bytes that cross the IPC pipe. Messages are encoded with V8's structured
 * serializer here, not by the pipe, for two reasons: an unserializable value then
 * fails in our own `try`, where it becomes a fallback or a clear error, instead of
 * inside tinypool's message relay, where it would be an uncaught exception in the
 * caller; and a call's payload is encoded once and its bytes reused for every
 * worker. The pipe itself runs with `serialization: 'advanced'`, so a `Uint8Array`
 * crosses as raw bytes.
 */
import { deserialize, serialize } from 'node:v8'
import type { BatchReply, BatchRequest } from '@multitask/core/worker'

/** A batch as it travels: the request without its payload, plus ids of calls that have ended. */
export interface WireHead {
  readonly callId: string
  readonly start: number
  readonly items: readonly unknown[]
  /** Calls the parent has finished: the worker drops what it cached for them. Sent with payloads only. */
  readonly ended?: readonly string[]
}

/** What tinypool carries to a worker: the encoded head, and the encoded payload when the worker needs it. */
export type WireMessage = [head: Uint8Array] | [head: Uint8Array, payload: Uint8Array]

export function encode(value: unknown): Uint8Array {
  return serialize(value)
}

export function decode<T>(bytes: Uint8Array): T {
  return deserialize(bytes) as T
}

/** Index of the first value that V8 cannot serialize, with the serializer's message; for error messages. */
export function findUnserializable(values: readonly unknown[]): { index: number; message: string } | undefined {
  for (let index = 0; index < values.length; index++) {
    try {
      serialize(values[index])
    } catch (error) {
      return { index, message: (error as Error).message }
    }
  }
  return undefined
}

export type { BatchReply, BatchRequest }
