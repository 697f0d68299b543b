/**
 * Anything with the four usual level methods: a tslog `Logger`, `console`, a pino or
 * winston logger.
 */
export interface LoggerLike {
  debug(...args: unknown[]): unknown
  info(...args: unknown[]): unknown
  warn(...args: unknown[]): unknown
  error(...args: unknown[]): unknown
}

/**
 * Where multitask's own warnings go when the call has no `logger`: one line on stderr
 * (stdout stays clean for piped results), without loading a logging library.
 */
function writeOwnWarning(message: string): void {
  const stderr = (globalThis as { process?: { stderr?: { write?: (text: string) => unknown } } }).process?.stderr
  const line = `WARN ${message}`
  if (typeof stderr?.write === 'function') stderr.write(`${line}\n`)
  else console.warn(line)
}

/** Logs a warning of multitask itself through the call's logger, or multitask's own. */
export function warn(logger: LoggerLike | null | undefined, message: string): void {
  if (logger) logger.warn(message)
  else writeOwnWarning(message)
}

export function isLoggerLike(value: unknown): value is LoggerLike {
  if (value === null || typeof value !== 'object') return false
  const l = value as Record<string, unknown>
  return ['debug', 'info', 'warn', 'error'].every((m) => typeof l[m] === 'function')
}
