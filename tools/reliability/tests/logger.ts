import type { LoggerLike } from '@multitask/core'

/** A logger that keeps its records, for checking warnings. */
export function capturingLogger(): { logger: LoggerLike; records: Array<{ level: string; text: string }> } {
  const records: Array<{ level: string; text: string }> = []
  const keep = (level: string) => (...parts: unknown[]) => void records.push({ level, text: parts.map(String).join(' ') })
  return { logger: { debug: keep('DEBUG'), info: keep('INFO'), warn: keep('WARN'), error: keep('ERROR') }, records }
}
