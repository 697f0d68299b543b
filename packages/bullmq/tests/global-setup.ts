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
    // In CI a missing dependency is a broken setup, not a reason to report green.
    if (isCI(process.env)) {
      throw new Error('@multitask/bullmq: redis-server is not on the PATH, and CI is set: the Redis tests must run in CI (apt-get install redis-server).')
    }
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

/** Whether the run is a CI run, as CI services say (`CI=true`, `CI=1`). */
export function isCI(env: NodeJS.ProcessEnv): boolean {
  return env.CI !== undefined && env.CI !== '' && env.CI !== '0' && env.CI.toLowerCase() !== 'false'
}
