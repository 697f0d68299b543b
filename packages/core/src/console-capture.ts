import { currentTaskScope, makeRecord } from './task-logs.js'

const METHODS = { log: 'info', info: 'info', debug: 'debug', warn: 'warn', error: 'error', trace: 'trace' } as const
type Method = keyof typeof METHODS

let installed: Partial<Record<Method, (...args: unknown[]) => void>> | undefined

/**
 * Routes `console.log/info/debug/warn/error/trace` of the code running inside a task
 * scope ({@link runAsTask}) to that task's records; console calls made elsewhere go to
 * the console as usual. Installed once per worker; the console of a worker thread is
 * its own, so this never touches the caller's.
 */
export function captureConsole(): void {
  if (installed !== undefined) return
  installed = {}
  for (const method of Object.keys(METHODS) as Method[]) {
    const original = console[method].bind(console) as (...args: unknown[]) => void
    installed[method] = original
    console[method] = (...args: unknown[]) => {
      const task = currentTaskScope()
      if (task === undefined) original(...args)
      else task.sink(makeRecord(task.taskIndex, METHODS[method], args))
    }
  }
}
