import { Logger } from 'tslog'

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

let coreLogger: LoggerLike | undefined

/**
 * multitask's own logger for warnings (fallback to series, no backend installed),
 * used when the call has no `logger`. It writes to stderr so results piped from
 * stdout stay clean.
 */
function ownLogger(): LoggerLike {
  coreLogger ??= new Logger({
    name: 'multitask',
    minLevel: 4, // warn
    hideLogPositionForProduction: true,
    stylePrettyLogs: Boolean(process.stderr.isTTY),
    overwrite: {
      transportFormatted: (meta, args, errors) => {
        process.stderr.write(`${[meta, ...args.map(String), ...errors].join(' ')}\n`)
      },
    },
  })
  return coreLogger
}

/** Logs a warning of multitask itself through the call's logger, or multitask's own. */
export function warn(logger: LoggerLike | null | undefined, message: string): void {
  ;(logger ?? ownLogger()).warn(message)
}

export function isLoggerLike(value: unknown): value is LoggerLike {
  if (value === null || typeof value !== 'object') return false
  const l = value as Record<string, unknown>
  return ['debug', 'info', 'warn', 'error'].every((m) => typeof l[m] === 'function')
}
