/**
 * How a worker process that retires (it reached `maxTasksPerWorker` or
 * `workerMemoryLimit`) gets replaced by tinypool before it takes another batch.
 *
 * tinypool hands a worker its next queued task as soon as it reads a reply, before the
 * reply reaches us, so the parent cannot take the worker out afterwards. tinypool does
 * recycle a worker whose reply reports more memory than `maxMemoryLimitBeforeRecycle`.
 * So the worker sends {@link RetireNotice} on its IPC channel just before its reply
 * (the channel keeps their order), and the parent, listening to the process ahead of
 * tinypool, marks that reply's reported memory as over the limit.
 */
import type { ChildProcess } from 'node:child_process'

/** What a retiring worker sends before its reply. */
export interface RetireNotice {
  readonly multitaskRetire: true
}

/** tinypool's `maxMemoryLimitBeforeRecycle`: no real reading reaches it; a marked reply does. */
export const RECYCLE_MARK_LIMIT = Number.MAX_VALUE

/** In the worker: announces that the reply about to be sent is this process's last. */
export function announceRetirement(): void {
  process.send?.({ multitaskRetire: true } satisfies RetireNotice)
}

/** In the parent: makes tinypool recycle `child` after the reply that follows its notice. */
export function recycleOnNotice(child: ChildProcess): void {
  let retiring = false
  child.prependListener('message', (message: { multitaskRetire?: unknown; source?: unknown; usedMemory?: unknown } | null) => {
    if (message?.multitaskRetire === true) retiring = true
    else if (retiring && message?.source === 'port') {
      message.usedMemory = Number.POSITIVE_INFINITY // tinypool forwards this very object
      retiring = false
    }
  })
}
