import { platform } from '#platform'
import { describeValue } from '../errors/describe.js'
import { invalidArgument } from '../errors/argument-errors.js'

/**
 * A task function given by module: the module is imported (in every worker, and in
 * the caller for series) and its export `name` is the function. Use it for tasks that
 * import other modules or close over module state; TypeScript modules work too.
 *
 * @typeParam F - the type of the exported function, so results can be inferred;
 * see {@link taskModule}.
 * @example
 * ```ts
 * const ref = { module: new URL('./tasks.ts', import.meta.url), name: 'addTen' }
 * await multitask(ref, [0, 1, 2], [1, 2, 3], null, { jobs: 2 })
 * ```
 */
export interface ModuleReference<F = unknown> {
  /** Path, `file:` URL, `URL` or package specifier of the module. Relative paths are resolved against `process.cwd()`. */
  readonly module: string | URL
  /**
   * Name of the export.
   * @default 'default'
   */
  readonly name?: string
  /** Type-only marker carrying the function's type; never set at run time. */
  readonly __type?: F
}

/**
 * A typed module reference: `taskModule<typeof addTen>(url, 'addTen')` lets
 * multitask infer the result type from the exported function.
 *
 * @example
 * ```ts
 * import type { addTen } from './tasks.js'
 * const results = await multitask(taskModule<typeof addTen>(new URL('./tasks.ts', import.meta.url), 'addTen'), [0, 1], [5, 6], null)
 * ```
 */
export function taskModule<F>(module: string | URL, name = 'default'): ModuleReference<F> {
  return { module, name }
}

/** The task function in a form backends can ship: a function with its source, or a resolved module. */
export type TaskSpec =
  | { readonly kind: 'function'; readonly fn: (...a: any[]) => unknown; readonly source: string }
  | {
      readonly kind: 'module'
      readonly url: string
      readonly name: string
      /**
       * The module compiled to JavaScript, when it is TypeScript the runtime cannot load
       * natively: set by multitask once the caller has compiled it, so that workers
       * import it without a TypeScript loader. `url` stays the source's, for messages.
       */
      readonly compiled?: string
    }

/** Checks `func` and turns it into a {@link TaskSpec}; a `TypeError` names what is wrong. */
export function toTaskSpec(func: unknown): TaskSpec {
  if (typeof func === 'function') {
    return { kind: 'function', fn: func as (...a: any[]) => unknown, source: Function.prototype.toString.call(func) }
  }
  if (func !== null && typeof func === 'object' && 'module' in func) {
    const { module, name = 'default' } = func as { module: unknown; name?: unknown }
    if (!(typeof module === 'string' && module.length > 0) && !(module instanceof URL)) {
      throw invalidArgument(
        `\`func.module\` must be a non-empty string or a URL; received ${describeValue(module)}.`,
      )
    }
    if (typeof name !== 'string' || name.length === 0) {
      throw invalidArgument(`\`func.name\` must be the name of an export; received ${describeValue(name)}.`)
    }
    return { kind: 'module', url: resolveModuleUrl(module), name }
  }
  throw invalidArgument(
    `\`func\` must be a function or a module reference { module, name? }; received ${describeValue(func)}.`,
  )
}

/**
 * Resolves a module reference to something every worker imports identically: file
 * paths become absolute `file:` URLs; package specifiers stay as they are.
 */
function resolveModuleUrl(module: string | URL): string {
  return module instanceof URL ? module.href : platform.moduleUrl(module)
}

/** Calls the task function in its form: `fn(args, item)` or `fn(args, kwargs, item)`. */
export function callTask(
  fn: (...a: any[]) => unknown,
  form: 1 | 2,
  args: unknown,
  kwargs: unknown,
  item: unknown,
): unknown {
  return form === 1 ? fn(args, item) : fn(args, kwargs, item)
}
