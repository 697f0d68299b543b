import { BackendNotInstalledError, failedTaskIndex, MultitaskError, TaskModuleError, UnknownBackendError } from '@multitask/core'
import { basename } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ExitCode } from './exit-codes.js'

/** A mistake on the command line, reported as one line and exit code 2. */
export class UsageError extends MultitaskError {
  override readonly name = 'UsageError'
  constructor(message: string) {
    super('ERR_MULTITASK_CLI_USAGE', message)
  }
}

/** A result that JSON cannot represent (a BigInt, a cycle): the task ran, but its result cannot be written. */
export class ResultNotSerializableError extends MultitaskError {
  override readonly name = 'ResultNotSerializableError'
  constructor(
    readonly taskIndex: number,
    cause: unknown,
  ) {
    super(
      'ERR_MULTITASK_CLI_RESULT',
      `The result of task ${taskIndex} is not JSON-serializable (${cause instanceof Error ? cause.message : String(cause)}); ` +
        'a task run from the command line must return JSON data.',
      { cause },
    )
  }
}

/** How a failed run is reported: the exit code and the lines for stderr. */
export interface FailureReport {
  readonly exitCode: ExitCode
  readonly lines: string[]
}

/**
 * Turns whatever stopped a run into its exit code and message. `inputIndex` maps a
 * task index (among the non-skipped tasks) back to its position in the input.
 */
export function reportFailure(error: unknown, inputIndex: (taskIndex: number) => number): FailureReport {
  if (error instanceof TaskModuleError && error.functionExports !== undefined) {
    return { exitCode: ExitCode.usage, lines: [`multitask: ${missingExport(error, error.functionExports)}`] }
  }
  if (error instanceof UsageError || error instanceof TaskModuleError || error instanceof BackendNotInstalledError || error instanceof UnknownBackendError) {
    return { exitCode: ExitCode.usage, lines: [`multitask: ${error.message}`] }
  }
  if (error instanceof ResultNotSerializableError) {
    return { exitCode: ExitCode.taskFailed, lines: [`multitask: ${error.message}`] }
  }
  const taskIndex = failedTaskIndex(error)
  if (taskIndex === undefined) {
    // Not a task's fault: a bug or a broken environment; the stack helps whoever reports it.
    return { exitCode: ExitCode.taskFailed, lines: [`multitask: ${describe(error)}`, ...stackOf(error)] }
  }
  const position = inputIndex(taskIndex)
  const where = position === taskIndex ? `task ${taskIndex}` : `task ${taskIndex} (input item ${position})`
  return { exitCode: ExitCode.taskFailed, lines: [`multitask: ${where} failed: ${describe(error)}`, ...stackOf(error)] }
}

/** On the command line the export is picked with `#export`, not with the library's `name`. */
function missingExport(error: TaskModuleError, exports: readonly string[]): string {
  const file = error.module.startsWith('file:') ? fileURLToPath(error.module) : error.module
  const pick = exports.length === 0 ? 'Export a function from it' : `Pick one with #<export>, e.g. ${basename(file)}#${exports[0]}`
  return `The task module ${file} has no function export "${error.exportName}" (its function exports: ${exports.join(', ') || 'none'}). ${pick}.`
}

const MULTITASK_FRAME = /[\\/](?:@multitask[\\/][a-z-]+|packages[\\/](?:core|loky|threading|serial|bullmq)|apps[\\/]cli)[\\/]dist[\\/]/

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`
  return `a task threw ${typeof error === 'string' ? JSON.stringify(error) : String(error)}`
}

/** The stack below its first line (which repeats name and message), indented; the worker's stack for a remote error. */
function stackOf(error: unknown): string[] {
  if (!(error instanceof Error) || error.stack === undefined) return []
  const frames = error.stack.split('\n').filter((line) => /^\s+at /.test(line))
  // Frames from multitask's own machinery (the call into the task and below) tell the user nothing.
  const own = frames.findIndex((line) => MULTITASK_FRAME.test(line))
  return (own > 0 ? frames.slice(0, own) : frames).map((line) => `    ${line.trim()}`)
}
