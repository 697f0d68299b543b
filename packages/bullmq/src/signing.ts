/**
 * HMAC signatures over what travels through Redis. Anyone who can write to Redis can
 * add jobs; with a shared secret, workers run only jobs (and call payloads) signed
 * with it, and callers accept only replies signed with it.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import { SignatureError } from './errors.js'

/** HMAC-SHA256 of the parts (joined unambiguously), hex. */
export function sign(secret: string, ...parts: ReadonlyArray<string | Uint8Array>): string {
  const hmac = createHmac('sha256', secret)
  for (const part of parts) {
    const bytes = typeof part === 'string' ? Buffer.from(part) : part
    // Length-prefixed, so moving bytes from one part to the next changes the signature.
    hmac.update(`${bytes.byteLength}:`).update(bytes)
  }
  return hmac.digest('hex')
}

/** Throws a {@link SignatureError} unless `signature` is the HMAC of the parts. */
export function verify(secret: string, signature: unknown, what: string, ...parts: ReadonlyArray<string | Uint8Array>): void {
  if (typeof signature !== 'string' || signature === '') {
    throw new SignatureError(`${what} is not signed, but this side has a secret (MULTITASK_SECRET); both sides need the same one.`)
  }
  const expected = Buffer.from(sign(secret, ...parts), 'hex')
  const given = Buffer.from(signature, 'hex')
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new SignatureError(`${what} has a bad signature: it was signed with another secret, or changed in Redis.`)
  }
}
