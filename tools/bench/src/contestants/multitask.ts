import { multitask } from '@multitask/core'
import { shutdown as shutdownLoky } from '@multitask/loky'
import { shutdown as shutdownThreading } from '@multitask/threading'
import { TASK_MODULES, TASKS, type TaskName } from '../tasks.js'
import type { Contestant } from './contestant.js'
import { indices } from './loop.js'

type Mode = 'serial' | 'loky' | 'threading'

/** Worker limits of issue 20 a contestant sets on every call. */
export type Limits = { readonly maxTasksPerWorker?: number; readonly workerMemoryLimit?: string }

/**
 * multitask as a user calls it: a plain function (or, for a task of TASK_MODULES, a
 * module reference `{ module, name }`), the indices, `args`, default `maxNbytes`, and
 * the worker `limits` given.
 */
export function ours(mode: Mode, limits: Limits = {}): Contestant {
  return {
    async run(task: TaskName, n: number, jobs: number, args: unknown) {
      const options =
        mode === 'serial'
          ? { jobs: 1 }
          : mode === 'loky'
            ? { jobs, forceProcesses: true, ...limits }
            : { jobs, forceThreading: true, ...limits }
      const ref = TASK_MODULES[task]
      if (ref) return multitask(ref, indices(n), args, null, options)
      return multitask(TASKS[task] as (args: unknown, i: number) => unknown, indices(n), args, null, options)
    },
    async close() {
      if (mode === 'loky') await shutdownLoky()
      if (mode === 'threading') await shutdownThreading()
    },
  }
}
