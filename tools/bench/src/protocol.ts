import type { TaskParams } from './task-args.js'
import type { TaskName } from './tasks.js'

/**
 * The runner talks to each driver process (Node, Deno, Bun or Python) in JSON lines:
 * commands on the driver's stdin, replies on its stdout prefixed with {@link REPLY_PREFIX}
 * (so that anything else a library prints is never mistaken for a reply).
 */
export const REPLY_PREFIX = '@@bench '

/**
 * Builds the arguments of the next `run` of the same task and params, untimed, so that
 * a fresh array is made before the runner takes the RSS the call's growth is measured from.
 */
export interface PrepareCommand {
  readonly id: number
  readonly cmd: 'prepare'
  readonly task: TaskName
  readonly params: TaskParams
}

export interface RunCommand {
  readonly id: number
  readonly cmd: 'run'
  readonly task: TaskName
  readonly n: number
  readonly jobs: number
  readonly params: TaskParams
  /** The first call of a fresh driver: no untimed warm-up when `jobs` is new. */
  readonly cold?: boolean
}

export interface CloseCommand {
  readonly id: number
  readonly cmd: 'close'
}

export type Command = PrepareCommand | RunCommand | CloseCommand

export interface RunReply {
  readonly id: number
  /** Wall time of the call alone, measured inside the driver. */
  readonly ms: number
  readonly count: number
  /** Sum of the results (of their elements, for arrays), to check that every contestant computed the same thing. */
  readonly checksum: number
}

export interface ErrorReply {
  readonly id: number
  readonly error: string
}

export type Reply =
  | RunReply
  | ErrorReply
  | { readonly id: number; readonly prepared: true }
  | { readonly id: number; readonly closed: true }
  | { readonly ready: true; readonly version?: string }
