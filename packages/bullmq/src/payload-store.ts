/**
 * A call's payload (function, `args`, `kwargs`) in Redis: written once per call by the
 * caller, read once per call by each worker, removed when the call ends. The value is
 * the HMAC (64 hex characters, blank when unsigned) followed by the V8-encoded payload.
 */
import type { CallPayload } from '@multitask/core/backend'
import type { Redis } from 'ioredis'
import { sign, verify } from './signing.js'
import { decode } from './wire.js'

const SIGNATURE_BYTES = 64

export async function writePayload(
  redis: Redis,
  key: string,
  callId: string,
  bytes: Uint8Array,
  secret: string | undefined,
  ttlMs: number,
): Promise<void> {
  const signature = secret === undefined ? ''.padEnd(SIGNATURE_BYTES) : sign(secret, 'payload', callId, bytes)
  await redis.set(key, Buffer.concat([Buffer.from(signature, 'latin1'), bytes]), 'PX', ttlMs)
}

/** The payload, or null when it is gone (the call ended, or its caller died long ago). */
export async function readPayload(redis: Redis, key: string, callId: string, secret: string | undefined): Promise<CallPayload | null> {
  const value = await redis.getBuffer(key)
  if (value === null) return null
  const bytes = value.subarray(SIGNATURE_BYTES)
  if (secret !== undefined) {
    const signature = value.subarray(0, SIGNATURE_BYTES).toString('latin1').trim()
    verify(secret, signature, `The payload of call ${callId}`, 'payload', callId, bytes)
  }
  const payload = decode<CallPayload>(bytes)
  if (payload.callId !== callId) throw new Error(`The payload stored for call ${callId} belongs to call ${payload.callId}.`)
  return payload
}
