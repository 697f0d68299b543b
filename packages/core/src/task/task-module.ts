import { platform } from '#platform'
import { TaskModuleError } from '../errors/index.js'

const TSX_API = 'tsx/esm/api'
const TYPESCRIPT = /\.(?:[mc]?ts|tsx)$/i

type TaskFn = (...a: any[]) => unknown

// One import per module per process (or worker): importing is the expensive part,
// and a module's state must be the same object for every task that uses it.
const loaded = new Map<string, Promise<Record<string, unknown>>>()

/**
 * Imports the module of a module reference and returns its export `name`, checked to
 * be a function. TypeScript modules load natively on Deno, Bun and Node builds that
 * strip types, and through tsx's scoped loader elsewhere. Failures are a
 * {@link TaskModuleError} that says what to fix.
 */
export async function loadTaskFunction(url: string, name: string): Promise<TaskFn> {
  let namespace: Record<string, unknown>
  try {
    let pending = loaded.get(url)
    if (pending === undefined) {
      pending = importModule(url)
      loaded.set(url, pending)
      pending.catch(() => loaded.delete(url))
    }
    namespace = await pending
  } catch (error) {
    if (error instanceof TaskModuleError) throw error
    throw new TaskModuleError(url, name, describeImportFailure(url, error), error)
  }
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
  return fn as TaskFn
}

async function importModule(url: string): Promise<Record<string, unknown>> {
  const missing = platform.missingModuleFile(url)
  if (missing !== undefined) throw new TaskModuleError(url, '', `The task module ${missing} does not exist. Check the path.`)
  if (!TYPESCRIPT.test(url) || platform.loadsTypeScript()) return import(/* @vite-ignore */ url)
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

function describeImportFailure(url: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return `The task module ${url} could not be imported: ${message}`
}
