import { Queue, QueueEvents } from 'bullmq'
import type { Redis } from 'ioredis'
import { connectionOptions, createRedis } from './connection.js'
import type { ParsedBullmqOptions } from './options.js'

/** What a caller holds open while it has calls running. */
export interface CallerConnections {
  readonly queue: Queue
  readonly events: QueueEvents
  readonly redis: Redis
}

/**
 * The caller's Redis connections, opened for the first running call and closed when
 * the last one ends: open sockets would keep the program from exiting, and a
 * distributed call costs far more than a connect.
 */
export class ConnectionHolder {
  private opening: Promise<CallerConnections> | undefined
  private users = 0

  constructor(private readonly options: ParsedBullmqOptions) {}

  /** The connections, opened if needed; pair with {@link release}. */
  async acquire(): Promise<CallerConnections> {
    this.users++
    this.opening ??= this.open()
    try {
      return await this.opening
    } catch (error) {
      this.release()
      throw error
    }
  }

  /** Closes the connections once nobody uses them. */
  release(): Promise<void> {
    if (--this.users > 0 || this.opening === undefined) return Promise.resolve()
    const opening = this.opening
    this.opening = undefined
    return opening.then(closeAll, () => undefined)
  }

  /** Status of the Redis connection, for messages. */
  status(connections: CallerConnections): string {
    return connections.redis.status
  }

  private async open(): Promise<CallerConnections> {
    const { queue: name, prefix, connection } = this.options
    const redis = createRedis(connection)
    redis.on('error', () => undefined) // ioredis reconnects by itself; the watchdog reports a Redis that stays away
    try {
      // Events are read from the stream's current end, fixed before any job of ours is added, so none is missed.
      const last = (await redis.xrevrange(`${prefix}:${name}:events`, '+', '-', 'COUNT', 1)) as Array<[string, string[]]>
      const lastEventId = last[0]?.[0] ?? '0-0'
      const queue = new Queue(name, { connection: connectionOptions(connection), prefix })
      const events = new QueueEvents(name, { connection: connectionOptions(connection), prefix, lastEventId, blockingTimeout: 5_000 })
      queue.on('error', () => undefined)
      events.on('error', () => undefined)
      await Promise.all([queue.waitUntilReady(), events.waitUntilReady()])
      return { queue, events, redis }
    } catch (error) {
      redis.disconnect()
      throw error
    }
  }
}

async function closeAll({ queue, events, redis }: CallerConnections): Promise<void> {
  await Promise.allSettled([queue.close(), events.close()])
  redis.disconnect()
}
