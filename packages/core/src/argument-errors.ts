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
  return Object.assign(new TypeError(message), { code: 'ERR_MULTITASK_INVALID_ARGUMENT' as const })
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
  return Object.assign(new RangeError(message), { code: 'ERR_MULTITASK_OUT_OF_RANGE' as const })
}
