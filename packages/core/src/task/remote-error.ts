import { RemoteTaskError } from '../errors/index.js'

/** A thrown value in a form that survives structured cloning. */
export type SerializedError =
  | {
      readonly isError: true
      readonly name: string
      readonly message: string
      readonly stack: string | undefined
      /** Own enumerable fields (e.g. `code`), where they can be cloned. */
      readonly fields: Record<string, unknown>
    }
  | { readonly isError: false; readonly value: unknown }

/** Captures what the caller needs to recognise a thrown value: class name, message, stack, fields; or the value itself. */
export function serializeError(thrown: unknown): SerializedError {
  if (thrown instanceof Error) {
    const fields: Record<string, unknown> = {}
    for (const key of Object.keys(thrown)) {
      const value = (thrown as unknown as Record<string, unknown>)[key]
      if (isCloneable(value)) fields[key] = value
    }
    if ('cause' in thrown && isCloneable(thrown.cause)) fields.cause = thrown.cause
    return { isError: true, name: thrown.name, message: thrown.message, stack: thrown.stack, fields }
  }
  return { isError: false, value: isCloneable(thrown) ? thrown : String(thrown) }
}

/**
 * Rebuilds a worker's thrown value in the caller: errors become a
 * {@link RemoteTaskError} with the original class name, message, worker stack and
 * fields; other thrown values (a string, a plain object, `undefined`) come back as
 * they were thrown.
 */
export function reviveError(serialized: SerializedError, taskIndex: number): unknown {
  if (!serialized.isError) return serialized.value
  const { code, ...fields } = serialized.fields
  const error = new RemoteTaskError(serialized.name, serialized.message, serialized.stack, taskIndex, code)
  for (const [key, value] of Object.entries(fields)) {
    if (!OWN_FIELDS.has(key)) {
      Object.defineProperty(error, key, { value, enumerable: key !== 'cause', writable: true, configurable: true })
    }
  }
  return error
}

// What the revived error says of itself; a task's field of the same name does not replace it.
const OWN_FIELDS = new Set(['name', 'message', 'stack', 'taskIndex', 'multitaskCode'])

function isCloneable(value: unknown): boolean {
  try {
    structuredClone(value)
    return true
  } catch {
    return false
  }
}
