// Errors that stop a call before any task runs: a backend or a task module that cannot be had.
import { MultitaskError } from './errors.js'

/** A backend was asked for by name, but its package is not installed. */
export class BackendNotInstalledError extends MultitaskError {
  override readonly name = 'BackendNotInstalledError'
  /** The backend name that was asked for. */
  readonly backend: string
  /** The npm package that provides it. */
  readonly packageName: string
  constructor(backend: string, packageName: string, cause?: unknown) {
    super(
      'ERR_MULTITASK_BACKEND_NOT_INSTALLED',
      `The "${backend}" backend is not installed: run \`npm install ${packageName}\`, ` +
        `or register a backend of that name with registerParallelBackend().`,
      { cause },
    )
    this.backend = backend
    this.packageName = packageName
  }
}

/** A backend package was imported but registered no backend of the name asked for. */
export class UnknownBackendError extends MultitaskError {
  override readonly name = 'UnknownBackendError'
  readonly backend: string
  constructor(backend: string, known: readonly string[]) {
    super(
      'ERR_MULTITASK_UNKNOWN_BACKEND',
      `No parallel backend named "${backend}" is registered (registered: ${known.join(', ') || 'none'}).`,
    )
    this.backend = backend
  }
}

/** A module reference `{ module, name }` could not be loaded, or its export is not a function. */
export class TaskModuleError extends MultitaskError {
  override readonly name = 'TaskModuleError'
  readonly module: string
  readonly exportName: string
  /** When the module loaded but has no such function export: the names of its function exports, so a tool can offer them. */
  readonly functionExports: readonly string[] | undefined
  constructor(module: string, exportName: string, message: string, cause?: unknown, functionExports?: readonly string[]) {
    super('ERR_MULTITASK_TASK_MODULE', message, { cause })
    this.module = module
    this.exportName = exportName
    this.functionExports = functionExports
  }
}
