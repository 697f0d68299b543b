import type { LoggerLike } from './log.js'
import type { TaskLogRecord } from './task-logs.js'

/**
 * Emits the records of a parallel call's tasks through the caller's logger, grouped by
 * task in task order, whatever order the tasks finished in: a task's group goes out as
 * soon as it and every task before it have finished.
 */
export class LogSequencer {
  private cursor = 0
  private readonly finished = new Map<number, number>() // batch start -> end
  private readonly records = new Map<number, TaskLogRecord[]>()

  constructor(private readonly logger: LoggerLike) {}

  /** Tasks `start .. end - 1` finished with these records. */
  batchDone(start: number, end: number, records: readonly TaskLogRecord[]): void {
    this.hold(records)
    this.finished.set(start, end)
    for (let end = this.finished.get(this.cursor); end !== undefined; end = this.finished.get(this.cursor)) {
      this.finished.delete(this.cursor)
      for (; this.cursor < end; this.cursor++) this.emit(this.cursor)
    }
  }

  /** The call failed at task `failedIndex`: its records (after those of the tasks before it that finished) go out too. */
  failed(failedIndex: number, records: readonly TaskLogRecord[]): void {
    this.hold(records)
    for (; this.cursor < failedIndex && this.isFinished(this.cursor); this.cursor++) this.emit(this.cursor)
    this.emit(failedIndex)
  }

  /**
   * After a fallback to series: emits the held records of tasks before `index`, in
   * task order, so they come before the records of the task about to rerun in series.
   */
  releaseBefore(index: number): void {
    for (const taskIndex of [...this.records.keys()].sort((a, b) => a - b)) {
      if (taskIndex >= index) break
      this.emit(taskIndex)
    }
    this.cursor = Math.max(this.cursor, Math.min(index, Number.MAX_SAFE_INTEGER))
  }

  private isFinished(index: number): boolean {
    for (const [start, end] of this.finished) if (index >= start && index < end) return true
    return false
  }

  private hold(records: readonly TaskLogRecord[]): void {
    for (const record of records) {
      const group = this.records.get(record.taskIndex)
      if (group === undefined) this.records.set(record.taskIndex, [record])
      else group.push(record)
    }
  }

  private emit(index: number): void {
    const group = this.records.get(index)
    if (group === undefined) return
    this.records.delete(index)
    for (const record of group) emitRecord(this.logger, record)
  }
}

/**
 * Sends one task record to a logger: through tslog's `log(levelId, levelName, ...)`
 * so custom levels survive, or the matching method of any other logger; records
 * below a tslog logger's `minLevel` are dropped.
 */
export function emitRecord(logger: LoggerLike, record: TaskLogRecord): void {
  const tslog = logger as LoggerLike & { settings?: { minLevel?: unknown }; log?: (...a: unknown[]) => unknown }
  const minLevel = tslog.settings?.minLevel
  if (typeof minLevel === 'number' && record.levelId < minLevel) return
  if (typeof tslog.log === 'function' && tslog.settings !== undefined) {
    tslog.log(record.levelId, record.levelName, ...record.args)
    return
  }
  const method = record.levelId <= 2 ? 'debug' : record.levelId === 3 ? 'info' : record.levelId === 4 ? 'warn' : 'error'
  logger[method](...record.args)
}
