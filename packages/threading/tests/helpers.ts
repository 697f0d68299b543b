import { Logger } from 'tslog'

/** A real tslog Logger whose records are kept for inspection. */
export function capturingLogger() {
  const records: Array<{ level: string; text: string }> = []
  const logger = new Logger<unknown>({ type: 'hidden' })
  logger.attachTransport((record) => {
    const meta = (record as unknown as { _meta: { logLevelName: string } })._meta
    records.push({ level: meta.logLevelName, text: String((record as Record<string, unknown>)['0']) })
  })
  return { logger, records }
}

/** Blocks the calling thread for `ms` milliseconds (inside a task: that worker thread). */
export const sleepTask = (ms: number, item: number): number => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
  return item
}

/** Waits until `condition()` holds, checking every 10 ms; fails after `limitMs`. */
export async function eventually(condition: () => boolean, limitMs = 10_000): Promise<void> {
  const deadline = Date.now() + limitMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
