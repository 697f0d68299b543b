import type { ConnectionOptions } from 'bullmq'
import { Redis, type RedisOptions } from 'ioredis'
import { invalidArgument } from '@multitask/core/backend'

/**
 * Where Redis is: a `redis://` or `rediss://` URL, or ioredis options
 * (`{ host, port, password, tls, ... }`).
 */
export type RedisConnection = string | Readonly<RedisOptions>

/** Checks a `connection` option; the error names the option and the value. */
export function parseConnection(connection: unknown, what: string): RedisConnection {
  if (typeof connection === 'string') {
    if (!/^rediss?:\/\//.test(connection)) {
      throw invalidArgument(`\`connection\` of ${what} must be a redis:// or rediss:// URL; received ${JSON.stringify(connection)}.`)
    }
    return connection
  }
  if (connection !== null && typeof connection === 'object' && !Array.isArray(connection)) return connection as RedisOptions
  throw invalidArgument(
    `\`connection\` of ${what} is required: a redis:// URL or ioredis options { host, port, ... }; received ${String(connection)}.`,
  )
}

/**
 * Options for BullMQ and ioredis. Commands wait through a dropped connection
 * (`maxRetriesPerRequest: null`, BullMQ's requirement for workers) instead of failing
 * the call; ioredis reconnects on its own, and the caller's watchdog turns a Redis that
 * stays away into a clear error.
 */
export function connectionOptions(connection: RedisConnection): ConnectionOptions {
  return ioredisOptions(connection) as ConnectionOptions
}

function ioredisOptions(connection: RedisConnection): RedisOptions & { url?: string } {
  const base: RedisOptions = { maxRetriesPerRequest: null, retryStrategy: (times) => Math.min(50 * times, 1000) }
  return typeof connection === 'string' ? { ...base, url: connection } : { ...base, ...connection }
}

/** A plain ioredis client, for the keys multitask keeps beside BullMQ's. */
export function createRedis(connection: RedisConnection): Redis {
  const { url, ...rest } = ioredisOptions(connection)
  return url === undefined ? new Redis(rest) : new Redis(url, rest)
}

/** The connection for messages, without a password. */
export function describeConnection(connection: RedisConnection): string {
  if (typeof connection === 'string') return connection.replace(/\/\/[^@/]*@/, '//***@')
  return `${connection.host ?? '127.0.0.1'}:${connection.port ?? 6379}`
}
