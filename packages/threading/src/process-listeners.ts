/**
 * Calls `load` and removes whatever listeners for `events` it added to `process`,
 * leaving the ones that were there before (also a copy of the same library's,
 * if the host loaded it itself) untouched.
 */
export function withoutNewProcessListeners<T>(events: readonly string[], load: () => T): T {
  const before = new Map(events.map((event) => [event, new Set(process.listeners(event as 'SIGINT'))]))
  try {
    return load()
  } finally {
    for (const event of events) {
      for (const listener of process.listeners(event as 'SIGINT')) {
        if (!before.get(event)!.has(listener)) process.removeListener(event, listener)
      }
    }
  }
}
