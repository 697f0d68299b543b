import { currentTaskScope, makeRecord } from './task-logs.js'

const METHODS = { log: 'info', info: 'info', debug: 'debug', warn: 'warn', error: 'error', trace: 'trace' } as const
type Method = keyof typeof METHODS

let installed: Partial<Record<Method, (...args: unknown[]) => void>> | undefined

// Set while a record is handed to its sink: in series the sink is the caller's logger,
// which may itself write with console.log, and that must reach the terminal.
let sinking = false

/**
 * Routes `console.log/info/debug/warn/error/trace` of the code running inside a task
 * scope ({@link runAsTask}) to that task's records; console calls made elsewhere go to
 * the console as usual. Installed once per process or thread: by workers, and by the
 * caller when a call with a `logger` runs tasks in series, so a task's records reach
 * the logger the same way whatever `jobs` is.
 */
export function captureConsole(): void {
  if (installed !== undefined) return
  installed = {}
  for (const method of Object.keys(METHODS) as Method[]) {
    const original = console[method].bind(console) as (...args: unknown[]) => void
    installed[method] = original
    console[method] = (...args: unknown[]) => {
      const task = currentTaskScope()
      if (task === undefined || sinking) {
        original(...args)
        return
      }
      sinking = true
      try {
        task.sink(makeRecord(task.taskIndex, METHODS[method], args))
      } finally {
        sinking = false
      }
    }
  }
}
