// Core chooses backends by their capabilities: declared at registration (read without
// creating a backend), else read from one created with empty options, and a backend
// that cannot be created that way (it needs a connection) is passed over, not fatal.
import { describe, expect, it } from 'vitest'
import { multitask, registerParallelBackend } from '@multitask/core'
import { runBatchInProcess, type ParallelBackend } from '@multitask/core/backend'

const batches: string[] = []
let created = 0

function inProcess(name: string, runsOn: ParallelBackend['runsOn']): ParallelBackend {
  return {
    name,
    runsOn,
    supportsSharedMemory: true,
    supportsTimeout: false,
    runBatch(call, batch) {
      batches.push(name)
      return runBatchInProcess(call, batch)
    },
  }
}

registerParallelBackend('needs-connection', (options) => {
  if (typeof options.connection !== 'string') throw new TypeError('`connection` is required')
  return inProcess('needs-connection', 'remote')
})
const THREADS = { runsOn: 'threads', supportsSharedMemory: true, supportsTimeout: false, defaultPriority: 100 } as const
registerParallelBackend(
  'declared-threads',
  () => {
    created++
    return { ...inProcess('declared-threads', 'threads'), defaultPriority: 100 }
  },
  { capabilities: THREADS },
)

describe('choosing by capability', () => {
  it('forceThreading takes the threads backend of highest priority, passing over one that cannot be created bare', async () => {
    const results = await multitask((args: number[], i: number) => args[i]! * 2, [0, 1, 2, 3], [0, 1, 2, 3], null, { jobs: 2, forceThreading: true })
    expect(results).toEqual([0, 2, 4, 6])
    expect(new Set(batches)).toEqual(new Set(['declared-threads']))
  })

  it('reads declared capabilities without creating the backend', async () => {
    const before = created
    const { findBackend } = await import('@multitask/core/backend')
    expect(await findBackend((capabilities) => capabilities.runsOn === 'threads')).toBe('declared-threads')
    expect(await findBackend((capabilities) => capabilities.runsOn === 'remote')).toBe(null)
    expect(created).toBe(before)
  })
})
