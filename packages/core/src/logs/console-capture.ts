import { currentTaskScope, makeRecord } from './task-logs.js'

const METHODS = { log: 'info', info: 'info', debug: 'debug', warn: 'warn', error: 'error', trace: 'trace' } as const
type Method = keyof typeof METHODS

interface CaptureState {
  installed: boolean
  // Set while a record is handed to its sink: in series the sink is the caller's logger,
  // which may itself write with console.log, and that must reach the terminal.
  sinking: boolean
}

// One per thread, on globalThis: a worker's bundled copy of core and the copy a task
// imports must not both patch the console.
const STATE = Symbol.for('multitask.console-capture')
const state: CaptureState = ((globalThis as Record<symbol, unknown>)[STATE] ??= { installed: false, sinking: false }) as CaptureState

/**
 * Routes `console.log/info/debug/warn/error/trace` of the code running inside a task
 * scope ({@link runAsTask}) to that task's records; console calls made elsewhere go to
 * the console as usual. Installed once per process or thread: by workers, and by the
 * caller when a call with a `logger` runs tasks in series, so a task's records reach
 * the logger the same way whatever `jobs` is.
 */
export function captureConsole(): void {
  if (state.installed) return
  state.installed = true
  for (const method of Object.keys(METHODS) as Method[]) {
    const original = console[method].bind(console) as (...args: unknown[]) => void
    console[method] = (...args: unknown[]) => {
      const task = currentTaskScope()
      if (task === undefined || state.sinking) {
        original(...args)
        return
      }
      state.sinking = true
      try {
        task.sink(makeRecord(task.taskIndex, METHODS[method], args))
      } finally {
        state.sinking = false
      }
    }
  }
}
