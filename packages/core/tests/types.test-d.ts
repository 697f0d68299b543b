import { describe, expectTypeOf, it } from 'vitest'
import { multitask, parallelBackend, registerParallelBackend, taskModule, type MultitaskOptions } from '@multitask/core'
import {
  runBatchInProcess,
  type BackendCapabilities,
  type BackendFactory,
  type BatchOutcome,
  type ParallelBackend,
  type RunsOn,
  type TaskBatch,
  type TaskCall,
} from '@multitask/core/backend'

describe('types', () => {
  it('infers results from form 1 and form 2 functions, sync or async', () => {
    expectTypeOf(multitask((args: number[], i: number) => args[i]! + 10, [0, 1], [1, 2], null)).toEqualTypeOf<Promise<number[]>>()
    expectTypeOf(multitask((a: string, k: { n: number }, i: number) => a.repeat(k.n + i), [1], 'x', { n: 2 })).toEqualTypeOf<
      Promise<string[]>
    >()
    expectTypeOf(multitask(async (_: null, i: number) => ({ i }), [1], null, null)).toEqualTypeOf<Promise<{ i: number }[]>>()
  })

  it('types the worker limits (issue 20): a task count, bytes or a size string; idleTimeout in a context', () => {
    expectTypeOf<{ maxTasksPerWorker: 5; workerMemoryLimit: '512M' }>().toMatchTypeOf<MultitaskOptions>()
    expectTypeOf<{ workerMemoryLimit: 536870912 }>().toMatchTypeOf<MultitaskOptions>()
    expectTypeOf<{ workerMemoryLimit: true }>().not.toMatchTypeOf<MultitaskOptions>()
    expectTypeOf<{ maxTasksPerWorker: '5' }>().not.toMatchTypeOf<MultitaskOptions>()
    // @ts-expect-error idleTimeout is milliseconds
    parallelBackend('threading', { idleTimeout: '10s' }, () => undefined)
    expectTypeOf<BatchOutcome['retired']>().toEqualTypeOf<'maxTasksPerWorker' | 'workerMemoryLimit' | undefined>()
  })

  it('infers results from typed module references', () => {
    type AddTen = (args: number[], i: number) => number
    expectTypeOf(multitask(taskModule<AddTen>('./tasks.js', 'addTen'), [0], [1], null)).toEqualTypeOf<Promise<number[]>>()
    expectTypeOf(multitask({ module: './tasks.js' }, [0], [1], null)).toEqualTypeOf<Promise<unknown[]>>()
  })

  it('checks items and args against the function', () => {
    // @ts-expect-error items must be numbers
    void multitask((args: number[], i: number) => args[i], ['a'], [1], null)
    // @ts-expect-error args must be number[]
    void multitask((args: number[], i: number) => args[i], [0], 'x', null)
  })

  it('types the options and the context', () => {
    expectTypeOf<MultitaskOptions['jobs']>().toEqualTypeOf<number | null | undefined>()
    expectTypeOf(parallelBackend('threading', { nJobs: 2 }, () => 5)).toEqualTypeOf<number>()
  })
})

describe('types of @multitask/core/backend', () => {
  it('capabilities are plain readonly fields; runsOn is a closed union', () => {
    expectTypeOf<BackendCapabilities['runsOn']>().toEqualTypeOf<RunsOn>()
    expectTypeOf<RunsOn>().toEqualTypeOf<'in-process' | 'threads' | 'processes' | 'remote' | 'web-workers'>()
    expectTypeOf<BackendCapabilities['defaultPriority']>().toEqualTypeOf<number | undefined>()
    // @ts-expect-error runsOn is required
    const noRunsOn: BackendCapabilities = { supportsSharedMemory: false, supportsTimeout: false }
    void noRunsOn
  })

  it('a backend needs only runBatch besides its name and capabilities', () => {
    const minimal: ParallelBackend = {
      name: 'mine',
      runsOn: 'in-process',
      supportsSharedMemory: true,
      supportsTimeout: false,
      runBatch: (call, batch) => runBatchInProcess(call, batch),
    }
    expectTypeOf(minimal.runBatch).returns.toEqualTypeOf<Promise<BatchOutcome>>()
    expectTypeOf<Parameters<ParallelBackend['runBatch']>>().toEqualTypeOf<[TaskCall, TaskBatch]>()
  })

  it('the registry takes a factory of backends', () => {
    expectTypeOf(registerParallelBackend).parameter(1).toEqualTypeOf<BackendFactory>()
  })
})
