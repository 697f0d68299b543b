// The main entry is the user API and nothing else; what backend authors need is in
// /backend. Both lists are pinned here, and every main-entry export is named in the
// README's API section, so adding or removing one is a decision, not an accident.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const MAIN = [
  'AbortError', 'BackendContractError', 'BackendNotInstalledError', 'FallbackToSeries', 'MultitaskError',
  'NestingLimitError', 'RemoteTaskError', 'TaskModuleError', 'TimeoutError', 'UnknownBackendError',
  'WorkerTerminatedError', 'cpuCount', 'defaultBackend', 'discoverBackends', 'effectiveNJobs', 'failedTaskIndex',
  'isBackendAvailable', 'multitask', 'multitaskIter', 'packageForBackend', 'parallelBackend', 'parseMaxNbytes',
  'registerParallelBackend', 'registeredBackends', 'taskLogger', 'taskModule',
]

const BACKEND = [
  'AutoBatcher', 'BACKEND_CANDIDATES', 'BUFFER_POOL_DEFAULTS', 'BUFFER_POOL_OPTIONS', 'BackendCache', 'BufferPool', 'callFromPayload', 'conformanceCases', 'createWorkerRuntime',
  'defineConformanceTests', 'encodeCall', 'errorToReply', 'findBackend', 'findUnserializable', 'invalidArgument',
  'nestingInfo', 'outOfRange', 'outcomeToReply', 'parseBufferPoolSettings', 'registerShutdown', 'replyToOutcome', 'reviveError',
  'runBatchInProcess', 'runConformance', 'sendBatch', 'serializeError', 'shutdownBackends', 'unshippableReason',
  'WORKER_LIMIT_OPTIONS',
  'parseIdleTimeout',
  'parseMaxTasksPerWorker',
  'parseWorkerMemoryLimit',
  'DEFAULT_IDLE_TIMEOUT',
]

describe('the public surface', () => {
  it('main entry: exactly the user API', async () => {
    expect(Object.keys(await import('@multitask/core')).sort()).toEqual([...MAIN].sort())
  })

  it('@multitask/core/backend: what backend authors need', async () => {
    expect(Object.keys(await import('@multitask/core/backend')).sort()).toEqual([...BACKEND].sort())
  })

  it("every main-entry export is named in the README's API section", () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8')
    const api = readme.slice(readme.indexOf('\n## API'), readme.indexOf('\n## ', readme.indexOf('\n## API') + 1))
    expect(api.length).toBeGreaterThan(100)
    for (const name of MAIN) expect(api, name).toContain(`\`${name}`)
  })
})
