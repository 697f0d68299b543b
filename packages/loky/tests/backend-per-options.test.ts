import { afterAll, describe, expect, it } from 'vitest'
import { multitask, parallelBackend } from '@multitask/core'
import { shutdown } from '@multitask/loky'

afterAll(() => shutdown())

// Self-contained, so it ships as source: what the worker process sees of its environment.
const readEnv = (_: null, name: string) => process.env[name] ?? null

describe('one pool per distinct set of options', () => {
  it('gives two `env` settings two pools, each with its own environment (issue 17)', async () => {
    const inA = await parallelBackend('loky', { nJobs: 2, env: { ...process.env, WHICH_POOL: 'a' } }, () =>
      multitask(readEnv, ['WHICH_POOL', 'WHICH_POOL'], null, null),
    )
    const inB = await parallelBackend('loky', { nJobs: 2, env: { ...process.env, WHICH_POOL: 'b' } }, () =>
      multitask(readEnv, ['WHICH_POOL', 'WHICH_POOL'], null, null),
    )
    expect(inA).toEqual(['a', 'a'])
    expect(inB).toEqual(['b', 'b'])
  })

  it('stops the processes of every pool made for options on shutdown()', async () => {
    const pids = (value: string) =>
      parallelBackend('loky', { nJobs: 2, env: { ...process.env, WHICH_POOL: value } }, () =>
        multitask(() => process.pid, [0, 1], null, null),
      )
    const started = [...(await pids('c')), ...(await pids('d'))]
    await shutdown()
    const alive = started.filter((pid) => {
      try {
        process.kill(pid, 0)
        return true
      } catch {
        return false
      }
    })
    expect(alive).toEqual([])
  })
})
