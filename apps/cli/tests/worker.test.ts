import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { multitask, parallelBackend } from '@multitask/core'
import '@multitask/bullmq'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cli, start, TASKS, waitFor } from './helpers.js'

const HAS_REDIS = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).error === undefined
// In CI (CI=true) a missing redis-server is a broken setup: fail rather than skip.
if (!HAS_REDIS && /^(1|true)$/i.test(process.env.CI ?? '')) {
  throw new Error('multitask worker tests: redis-server is not on the PATH, and CI is set: the Redis tests must run in CI (apt-get install redis-server).')
}
if (!HAS_REDIS) console.warn('multitask worker tests: SKIPPING the Redis tests: redis-server is not on the PATH (apt-get install redis-server).')

describe('multitask worker', () => {
  it('names the one backend with workers when given another', async () => {
    const outcome = await cli(['worker', '--backend', 'loky', '--connection', 'redis://127.0.0.1:1'])
    expect(outcome.code).toBe(2)
    expect(outcome.stderr).toContain('only "bullmq" has workers; received "loky"')
  })

  it('rejects a connection that is not a redis:// URL', async () => {
    const outcome = await cli(['worker', '--backend', 'bullmq', '--connection', 'localhost:6379'])
    expect(outcome.code).toBe(2)
    expect(outcome.stderr).toMatch(/redis:\/\/ .*"localhost:6379"/)
  })

  describe.skipIf(!HAS_REDIS)('with a redis-server', () => {
    let redis: ChildProcess
    let url: string
    beforeAll(async () => {
      const probe = createServer()
      await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
      const { port } = probe.address() as { port: number }
      await new Promise((resolve) => probe.close(resolve))
      url = `redis://127.0.0.1:${port}`
      redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'ignore'] })
      await waitFor(redis, 'stdout', /Ready to accept connections/)
    })
    afterAll(async () => {
      const exited = new Promise((resolve) => redis.once('exit', resolve))
      redis.kill('SIGTERM')
      await exited
    })

    it('serves calls made elsewhere, and exits 0 on SIGTERM after its batches', async () => {
      const worker = start(['worker', '--backend', 'bullmq', '--connection', url, '--queue', 'cli', '--concurrency', '2'])
      let stderr = ''
      worker.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
      await waitFor(worker, 'stderr', /serving queue "cli" at redis:\/\/127\.0\.0\.1:\d+ with 2 threading workers/)
      const results = await parallelBackend('bullmq', { connection: url, queue: 'cli', nJobs: 2 }, () =>
        multitask({ module: TASKS, name: 'square' }, [1, 2, 3, 4, 5], null, null),
      )
      expect(results).toEqual([1, 4, 9, 16, 25])
      const exited = new Promise<number | null>((resolve) => worker.once('exit', resolve))
      worker.kill('SIGTERM')
      expect(await exited).toBe(0)
      expect(stderr).toContain('stopping after the running batches')
    })

    it('replaces the threads of its pool after --max-tasks-per-worker tasks, for calls that set no limit (issue 20)', async () => {
      const worker = start(['worker', '--backend', 'bullmq', '--connection', url, '--queue', 'limits', '--concurrency', '2', '--max-tasks-per-worker', '2', '--idle-timeout', '1000'])
      try {
        await waitFor(worker, 'stderr', /serving queue "limits"/)
        const ran = await parallelBackend('bullmq', { connection: url, queue: 'limits', nJobs: 2 }, () =>
          multitask({ module: TASKS, name: 'whereRun' }, [0, 1, 2, 3, 4, 5, 6, 7], null, null),
        ) as Array<[number, string]>
        expect(ran.map(([x]) => x)).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
        expect(new Set(ran.map(([, where]) => where)).size).toBeGreaterThanOrEqual(4)
      } finally {
        const exited = new Promise((resolve) => worker.once('exit', resolve))
        worker.kill('SIGTERM')
        await exited
      }
    })
  })
})
