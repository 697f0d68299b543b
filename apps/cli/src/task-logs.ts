import { format } from 'node:util'
import type { LoggerLike } from '@multitask/core'

/** Which records reach stderr: `quiet` keeps only errors, `verbose` adds debug records. */
export interface Verbosity {
  readonly quiet: boolean
  readonly verbose: boolean
}

/**
 * The logger passed to multitask, so what tasks log (console.* and `taskLogger()`) and
 * multitask's own warnings reach stderr, grouped by task in task order, never stdout.
 */
export function stderrLogger(write: (line: string) => void, { quiet, verbose }: Verbosity): LoggerLike {
  const emit = (...args: unknown[]) => write(format(...args))
  const off = () => undefined
  return {
    debug: verbose ? emit : off,
    info: quiet ? off : emit,
    warn: quiet ? off : emit,
    error: emit,
  }
}

/**
 * Sends this process's console output to the same logger: a task run in series runs
 * here, and what it prints must not mix with the results on stdout.
 */
export function redirectConsole(logger: LoggerLike): () => void {
  const saved = { log: console.log, info: console.info, debug: console.debug, warn: console.warn, error: console.error }
  console.log = (...args: unknown[]) => void logger.info(...args)
  console.info = (...args: unknown[]) => void logger.info(...args)
  console.debug = (...args: unknown[]) => void logger.debug(...args)
  console.warn = (...args: unknown[]) => void logger.warn(...args)
  console.error = (...args: unknown[]) => void logger.error(...args)
  return () => Object.assign(console, saved)
}
