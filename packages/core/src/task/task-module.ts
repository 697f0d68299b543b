import { platform } from '#platform'
import { TaskModuleError } from '../errors/index.js'

const TSX_API = 'tsx/esm/api'
const TYPESCRIPT = /\.(?:[mc]?ts|tsx)$/i

type TaskFn = (...a: any[]) => unknown

interface LoadedModule {
  readonly namespace: Record<string, unknown>
  /** The compiled JavaScript that was imported, when the module is TypeScript that was compiled. */
  readonly compiled: string | undefined
}

/** A task module's function, with the URL of the module's compiled JavaScript when it has one (what workers import). */
export interface LoadedTask {
  readonly fn: TaskFn
  readonly compiled: string | undefined
}

/** How a process loads a TypeScript task module. */
export interface LoadOptions {
  /** The URL of the module compiled by the caller, for a worker to import. */
  readonly compiled?: string
  /**
   * Compile the module when it is TypeScript that needs a loader. The caller does; a
   * worker does not (it imports what the caller compiled, or loads through tsx as the caller did).
   * @default true
   */
  readonly compile?: boolean
}

// One import per module per process (or worker): importing is the expensive part,
// and a module's state must be the same object for every task that uses it.
const loaded = new Map<string, Promise<LoadedModule>>()
const imported = new Set<string>()

/** Whether the module at `url` is imported in this process already, so that loading it again costs nothing. */
export function isImported(url: string): boolean {
  return imported.has(url)
}

/**
 * Imports the module of a module reference and returns its export `name`, checked to
 * be a function. TypeScript modules load natively on Deno, Bun and Node builds that
 * strip types; elsewhere the caller compiles them to JavaScript once (see
 * `platform.compileTypeScript`) and workers import that, given as `compiled`; a module
 * that cannot be compiled loads through tsx's scoped loader. Failures are a
 * {@link TaskModuleError} that says what to fix.
 */
export async function loadTaskModule(url: string, name: string, options: LoadOptions = {}): Promise<LoadedTask> {
  let module: LoadedModule
  try {
    let pending = loaded.get(url)
    if (pending === undefined) {
      pending = importModule(url, options)
      loaded.set(url, pending)
      pending.then(
        () => imported.add(url),
        () => loaded.delete(url),
      )
    }
    module = await pending
  } catch (error) {
    if (error instanceof TaskModuleError) throw error
    throw new TaskModuleError(url, name, describeImportFailure(url, error), error)
  }
  const { namespace } = module
  const fn = namespace[name]
  if (typeof fn !== 'function') {
    const exports = Object.keys(namespace).filter((key) => typeof namespace[key] === 'function')
    throw new TaskModuleError(
      url,
      name,
      `The task module ${url} has no function export "${name}" ` +
        `(its function exports: ${exports.join(', ') || 'none'}). Set \`name\` to one of them.`,
      undefined,
      exports,
    )
  }
  return { fn: fn as TaskFn, compiled: module.compiled }
}

/** {@link loadTaskModule}'s function alone. */
export async function loadTaskFunction(url: string, name: string, options?: LoadOptions): Promise<TaskFn> {
  return (await loadTaskModule(url, name, options)).fn
}

/**
 * Whether importing this module in the caller is slow enough to start workers
 * meanwhile: a TypeScript module this runtime must compile, whose file exists (bad
 * input must fail before any worker starts).
 */
export function compilesSlowly(url: string): boolean {
  return TYPESCRIPT.test(url) && !platform.loadsTypeScript() && !isImported(url) && platform.missingModuleFile(url) === undefined
}

async function importModule(url: string, { compiled, compile = true }: LoadOptions): Promise<LoadedModule> {
  const missing = platform.missingModuleFile(url)
  if (missing !== undefined) throw new TaskModuleError(url, '', `The task module ${missing} does not exist. Check the path.`)
  if (!TYPESCRIPT.test(url) || platform.loadsTypeScript()) return { namespace: await import(/* @vite-ignore */ url), compiled: undefined }
  // Workers are given the caller's compiled module; the caller compiles (or finds it compiled).
  const target = compiled ?? (compile ? await platform.compileTypeScript(url) : undefined)
  if (target !== undefined) {
    platform.enableSourceMaps() // so a task's error points at its .ts line, as under tsx
    try {
      return { namespace: await import(/* @vite-ignore */ target), compiled: target }
    } catch (error) {
      // Before any of its code ran, the compiled graph did not link (its cache was deleted,
      // a package did not resolve): tsx loads the source, or reports the failure on it.
      if (!failedToLink(error)) throw error
    }
  }
  return { namespace: await importWithTsx(url), compiled: undefined }
}

async function importWithTsx(url: string): Promise<Record<string, unknown>> {
  let tsx: { tsImport: (specifier: string, parent: string) => Promise<Record<string, unknown>> }
  try {
    // A specifier in a variable: bundlers must not try to bundle tsx into a page.
    tsx = await import(/* @vite-ignore */ TSX_API)
  } catch (error) {
    throw new TaskModuleError(
      url,
      '',
      `Loading the TypeScript task module ${url} needs tsx on this runtime: run \`npm install tsx\`, ` +
        'or build the module to JavaScript, or use Node >= 22.18, Deno or Bun.',
      error,
    )
  }
  return tsx.tsImport(url, import.meta.url)
}

// Errors Node raises while it resolves and links a module graph, before running any of it.
const LINK_ERRORS = new Set([
  'ERR_MODULE_NOT_FOUND',
  'ERR_UNSUPPORTED_DIR_IMPORT',
  'ERR_PACKAGE_PATH_NOT_EXPORTED',
  'ERR_PACKAGE_IMPORT_NOT_DEFINED',
  'ERR_UNKNOWN_FILE_EXTENSION',
  'ERR_IMPORT_ATTRIBUTE_MISSING',
  'ERR_IMPORT_ASSERTION_TYPE_MISSING',
])

function failedToLink(error: unknown): boolean {
  if (LINK_ERRORS.has((error as { code?: unknown } | null)?.code as string)) return true
  return error instanceof SyntaxError && /does not provide an export named/.test(error.message)
}

function describeImportFailure(url: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return `The task module ${url} could not be imported: ${message}`
}
