import type { ParallelBackend } from '../backend/backend.js'
import { WORKER_LIMIT_OPTIONS, type RetireReason, type WorkerLimits } from '../backend/worker-limits.js'
import { invalidArgument } from '../errors/argument-errors.js'

const SUPPORT_FLAG = {
  maxTasksPerWorker: 'supportsMaxTasksPerWorker',
  workerMemoryLimit: 'supportsWorkerMemoryLimit',
} as const satisfies Record<RetireReason, keyof ParallelBackend>

/**
 * Refuses a worker limit that the call's backend cannot honour, before any task runs:
 * silently ignoring it would let a leaking task grow a worker without bound. A backend
 * without workers (`'in-process'`) has nothing to replace, so the limits do nothing there.
 */
export function checkWorkerLimits(backend: ParallelBackend, limits: WorkerLimits | undefined): void {
  if (limits === undefined || backend.runsOn === 'in-process') return
  for (const option of WORKER_LIMIT_OPTIONS) {
    if (limits[option] !== undefined && backend[SUPPORT_FLAG[option]] !== true) {
      throw invalidArgument(
        `\`${option}\` is not supported by the "${backend.name}" backend (it does not declare ${SUPPORT_FLAG[option]}); ` +
          "leave it unset, or use a backend that replaces its workers (see `multitask backends`' capabilities).",
      )
    }
  }
}
