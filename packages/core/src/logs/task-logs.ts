import { platform, type ContextStore } from '#platform'
import type { Logger } from 'tslog'
import { tslogNow } from './tslog-module.js'

/** A log record made by a task, as it travels from a worker to the caller. */
export interface TaskLogRecord {
  /** Index of the task (among the call's non-skipped tasks) that logged it. */
  readonly taskIndex: number
  /** tslog level id: 0 silly, 1 trace, 2 debug, 3 info, 4 warn, 5 error, 6 fatal. */
  readonly levelId: number
  /** tslog level name, e.g. `'INFO'`. */
  readonly levelName: string
  /** When the task logged it (ms since the epoch). */
  readonly time: number
  /** The logged values; values that cannot cross to the caller as they are come as `util.inspect` text. */
  readonly args: readonly unknown[]
}

/** Where the records of the task running in the current async context go. */
interface TaskScope {
  readonly taskIndex: number
  readonly sink: (record: TaskLogRecord) => void
}

const SCOPE = Symbol.for('multitask.task-scope')
const scope: ContextStore<TaskScope> = ((globalThis as Record<symbol, unknown>)[SCOPE] ??=
  platform.createContextStore<TaskScope>()) as ContextStore<TaskScope>

/** Runs `fn` as task `taskIndex`, its records (console and task logger) going to `sink`. */
export function runAsTask<T>(taskIndex: number, sink: (record: TaskLogRecord) => void, fn: () => T): T {
  return scope.run({ taskIndex, sink }, fn)
}

/** The records' destination of the task running here, if the call captures logs. */
export function currentTaskScope(): TaskScope | undefined {
  return scope.getStore()
}

export const LEVELS = { silly: 0, trace: 1, debug: 2, info: 3, warn: 4, error: 5, fatal: 6 } as const
type LevelName = keyof typeof LEVELS

/** Builds a record, making every argument safe to send across a thread or process boundary. */
export function makeRecord(taskIndex: number, level: LevelName, args: readonly unknown[]): TaskLogRecord {
  return { taskIndex, levelId: LEVELS[level], levelName: level.toUpperCase(), time: Date.now(), args: args.map(portable) }
}

function portable(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return typeof value === 'function' || typeof value === 'symbol' ? platform.inspect(value) : value
  try {
    structuredClone(value)
    return value
  } catch {
    return platform.inspect(value, { depth: 4 })
  }
}

let fallbackLogger: Logger<unknown> | undefined

/**
 * A tslog logger for use inside a task. Its records keep their level, arguments and
 * task index, and reach the caller's `logger`: live in series, and in parallel runs
 * buffered per task and emitted in task order. Outside a task of a call with a
 * `logger`, it logs to the console like a plain tslog logger.
 *
 * Pass it as the `logger` of a multitask call made inside a task, and the inner
 * tasks' records land inside the outer task's group, in inner task order.
 *
 * @example
 * ```ts
 * // tasks.ts, used as a module reference
 * import { taskLogger } from '@multitask/core'
 * export function measure(settings: Settings, tile: number) {
 *   taskLogger().info('measuring tile', tile)
 *   ...
 * }
 * ```
 */
export function taskLogger(): Logger<unknown> {
  const current = scope.getStore()
  if (current === undefined) {
    fallbackLogger ??= new (tslogNow().Logger)({ name: 'task', hideLogPositionForProduction: true })
    return fallbackLogger
  }
  const logger = new (tslogNow().Logger)<unknown>({ type: 'hidden', minLevel: 0 })
  logger.attachTransport((record) => {
    const meta = (record as unknown as { _meta: { logLevelId: number; logLevelName: string } })._meta
    const args = Object.keys(record)
      .filter((key) => /^\d+$/.test(key))
      .map((key) => (record as unknown as Record<string, unknown>)[key])
    current.sink({
      taskIndex: current.taskIndex,
      levelId: meta.logLevelId,
      levelName: meta.logLevelName,
      time: Date.now(),
      args: args.map(portable),
    })
  })
  return logger
}

const LOGS = Symbol.for('multitask.task-logs')

/** Keeps the records of a failed batch with its error, so the caller can still emit them. */
export function attachTaskLogs(error: unknown, logs: readonly TaskLogRecord[] | undefined): unknown {
  if (logs !== undefined && logs.length > 0 && error !== null && typeof error === 'object') {
    Object.defineProperty(error, LOGS, { value: logs, enumerable: false, configurable: true })
  }
  return error
}

/** The records attached by {@link attachTaskLogs}, if any. */
export function taskLogsOf(error: unknown): readonly TaskLogRecord[] {
  return (error !== null && typeof error === 'object' && (error as Record<symbol, TaskLogRecord[]>)[LOGS]) || []
}
