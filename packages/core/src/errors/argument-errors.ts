/**
 * Codes of the argument errors multitask throws. They stay `TypeError` and
 * `RangeError`, as in joblib and p-map, with one of these `code`s added:
 *
 * - `'ERR_MULTITASK_INVALID_ARGUMENT'` (`TypeError`): an argument or option of the wrong kind, or an unknown option;
 * - `'ERR_MULTITASK_OUT_OF_RANGE'` (`RangeError`): a value of the right kind outside what is accepted.
 */
export type ArgumentErrorCode = 'ERR_MULTITASK_INVALID_ARGUMENT' | 'ERR_MULTITASK_OUT_OF_RANGE'

/**
 * A `TypeError` with `code: 'ERR_MULTITASK_INVALID_ARGUMENT'`, for backend packages
 * that validate their options as core does. The message should name the option, show
 * the value received and say what would be accepted.
 *
 * @example
 * ```ts
 * if (typeof env !== 'object') throw invalidArgument(`\`env\` must be an object; received ${String(env)}.`)
 * ```
 */
export function invalidArgument(message: string): TypeError & { readonly code: 'ERR_MULTITASK_INVALID_ARGUMENT' } {
  return withCode(new TypeError(message), 'ERR_MULTITASK_INVALID_ARGUMENT')
}

/**
 * A `RangeError` with `code: 'ERR_MULTITASK_OUT_OF_RANGE'`: the value has the right
 * type but lies outside what is accepted.
 *
 * @example
 * ```ts
 * if (!(ms >= 0)) throw outOfRange(`\`idleTimeout\` must be a non-negative number of milliseconds; received ${ms}.`)
 * ```
 */
export function outOfRange(message: string): RangeError & { readonly code: 'ERR_MULTITASK_OUT_OF_RANGE' } {
  return withCode(new RangeError(message), 'ERR_MULTITASK_OUT_OF_RANGE')
}

// Not enumerable, like `name` and `message`: code that compares these errors with a plain
// `new TypeError(message)` (deep equality in tests) keeps working now that they carry a code.
function withCode<E extends Error, C extends ArgumentErrorCode>(error: E, code: C): E & { readonly code: C } {
  return Object.defineProperty(error, 'code', { value: code, enumerable: false, writable: true, configurable: true }) as E & { readonly code: C }
}
