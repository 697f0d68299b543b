import type { TestProject } from 'vitest/node'
import { redisServerAvailable, startRedisServer, type RedisServer } from './fixtures/redis-server.js'

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the test redis-server, or '' when redis-server is not installed. */
    redisUrl: string
  }
}

let server: RedisServer | undefined

/** One redis-server for every test file, on a free loopback port; each file uses its own queue. */
export async function setup(project: TestProject): Promise<void> {
  if (!redisServerAvailable()) {
    console.warn('@multitask/bullmq: SKIPPING the Redis tests: redis-server is not on the PATH (apt-get install redis-server).')
    project.provide('redisUrl', '')
    return
  }
  server = await startRedisServer()
  project.provide('redisUrl', server.url)
}

export async function teardown(): Promise<void> {
  await server?.stop()
}
