/** Options of the loky backend, given to {@link createLokyBackend} or a `parallelBackend('loky', ...)` context. */
import { BUFFER_POOL_OPTIONS, invalidArgument, parseBufferPoolSettings, parseIdleTimeout, type BufferPoolSettings } from '@multitask/core/backend'
export interface LokyOptions extends BufferPoolSettings {
  /**
   * Milliseconds an idle worker process waits for work before it exits, as loky's
   * reusable executor does: the option every backend with workers shares (see core's
   * `ParallelBackendOptions.idleTimeout`). An idle pool never keeps the caller's
   * process alive either way. `Infinity` keeps the processes until `shutdown()`.
   * @default 300_000 (5 minutes, loky's default)
   * @example { idleTimeout: 10_000 }
   */
  readonly idleTimeout?: number
  /**
   * Node options of the worker processes. By default they inherit the caller's
   * (`process.execArgv`), so a loader the caller runs under, such as tsx, applies in
   * the workers too; `--inspect` flags are dropped so workers do not fight over the
   * debugger port.
   * @default process.execArgv without --inspect*
   * @example { execArgv: ['--max-old-space-size=4096'] }
   */
  readonly execArgv?: readonly string[]
  /**
   * Environment of the worker processes.
   * @default process.env at the time the pool starts
   */
  readonly env?: Readonly<Record<string, string | undefined>>
}

/** The options after validation. */
export interface ParsedLokyOptions {
  readonly idleTimeout: number
  readonly execArgv: readonly string[] | undefined
  readonly env: Readonly<Record<string, string | undefined>> | undefined
  /** Of the pool of shared-memory segments for large arguments. */
  readonly bufferPool: { readonly maxBytes: number; readonly idleMs: number }
}

const KNOWN = ['idleTimeout', 'execArgv', 'env', ...BUFFER_POOL_OPTIONS]

/** Checks the options; errors name the option and the value received. */
export function parseLokyOptions(options: Readonly<Record<string, unknown>>): ParsedLokyOptions {
  for (const key of Object.keys(options)) {
    if (!KNOWN.includes(key)) {
      throw invalidArgument(`Unknown option \`${key}\` for the loky backend; it accepts ${KNOWN.join(', ')} (and nJobs in a context).`)
    }
  }
  const { execArgv, env } = options
  const idleTimeout = parseIdleTimeout(options.idleTimeout)
  if (execArgv !== undefined && (!Array.isArray(execArgv) || !execArgv.every((a) => typeof a === 'string'))) {
    throw invalidArgument(`\`execArgv\` must be an array of strings; received ${JSON.stringify(execArgv)}.`)
  }
  if (env !== undefined && (env === null || typeof env !== 'object')) {
    throw invalidArgument(`\`env\` must be an object of environment variables; received ${String(env)}.`)
  }
  return {
    idleTimeout,
    execArgv: execArgv as readonly string[] | undefined,
    env: env as Readonly<Record<string, string | undefined>> | undefined,
    bufferPool: parseBufferPoolSettings(options),
  }
}

/** The caller's Node options minus debugger flags, which would make every worker wait on or clash over a port. */
export function inheritedExecArgv(): string[] {
  return process.execArgv.filter((arg) => !/^--(inspect|debug)/.test(arg))
}
