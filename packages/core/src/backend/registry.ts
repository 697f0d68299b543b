import type { BackendCapabilities, BackendFactory, ParallelBackend } from './backend.js'
import { describeValue } from '../errors/describe.js'
import { BackendNotInstalledError, UnknownBackendError } from '../errors/index.js'
import { invalidArgument } from '../errors/argument-errors.js'

interface Registry {
  readonly factories: Map<string, BackendFactory>
  readonly capabilities: Map<string, BackendCapabilities>
  defaultName: string | undefined
}

// On globalThis so that two copies of @multitask/core in one process share one registry.
const KEY = Symbol.for('multitask.registry')
const registry: Registry = ((globalThis as Record<symbol, unknown>)[KEY] ??= {
  factories: new Map(),
  capabilities: new Map(),
  defaultName: undefined,
}) as Registry

const ALIASES: Readonly<Record<string, string>> = { sequential: 'serial' }

/** Options of {@link registerParallelBackend}. */
export interface RegisterOptions {
  /**
   * Make this backend the default for parallel calls made outside any context
   * (`MULTITASK_BACKEND` still wins, so users can override it without code changes).
   * @default false
   */
  readonly makeDefault?: boolean
  /**
   * What the backend can do, so core can choose it by capability (`forceProcesses`,
   * `forceThreading`, the default) without creating one. Without it, core creates one
   * with empty options to read them, and skips the backend if that throws (for example
   * one that requires a connection option).
   */
  readonly capabilities?: BackendCapabilities
}

/**
 * Registers a backend under `name`, as joblib's `register_parallel_backend` does. The
 * backend packages call this when imported; do it yourself for a backend of your own.
 *
 * @param factory - called with the `parallelBackend` options (minus `nJobs`) each time a call uses the name.
 * @example
 * ```ts
 * import { registerParallelBackend, parallelBackend } from '@multitask/core'
 * registerParallelBackend('mine', (options) => new MyBackend(options))
 * await parallelBackend('mine', { nJobs: 4 }, () => multitask(f, items, args, null))
 * ```
 */
export function registerParallelBackend(name: string, factory: BackendFactory, options: RegisterOptions = {}): void {
  if (typeof name !== 'string' || name.length === 0) {
    throw invalidArgument(`\`name\` must be a non-empty string; received ${describeValue(name)}.`)
  }
  if (typeof factory !== 'function') {
    throw invalidArgument(`\`factory\` must be a function returning a backend; received ${describeValue(factory)}.`)
  }
  registry.factories.set(name, factory)
  if (options.capabilities !== undefined) registry.capabilities.set(name, options.capabilities)
  else registry.capabilities.delete(name)
  if (options.makeDefault) registry.defaultName = name
}

/**
 * The capabilities of a registered backend: as declared when it was registered, else
 * read from one created with empty options; `undefined` when that throws.
 */
export async function registeredCapabilities(name: string): Promise<BackendCapabilities | undefined> {
  const declared = registry.capabilities.get(name)
  if (declared !== undefined) return declared
  const factory = registry.factories.get(name)
  if (factory === undefined) return undefined
  try {
    return await factory({})
  } catch {
    return undefined
  }
}

/** Names of the backends registered so far in this process. */
export function registeredBackends(): string[] {
  return [...registry.factories.keys()]
}

/** The backend registered with `makeDefault`, if any. */
export function registeredDefault(): string | undefined {
  return registry.defaultName
}

/** The npm package that provides a backend name: `@multitask/<name>`. */
export function packageForBackend(name: string): string {
  return `@multitask/${ALIASES[name] ?? name}`
}

/**
 * Returns the backend for a name or instance, importing `@multitask/<name>` when the
 * name is not registered yet (the package registers itself when imported).
 */
export async function resolveBackend(
  backend: string | ParallelBackend,
  options: Readonly<Record<string, unknown>> = {},
): Promise<ParallelBackend> {
  if (typeof backend !== 'string') return backend
  const factory = registry.factories.get(backend) ?? (await importBackend(backend))
  return factory(options)
}

async function importBackend(name: string): Promise<BackendFactory> {
  const packageName = packageForBackend(name)
  try {
    await import(packageName)
  } catch (error) {
    if (isMissingPackage(error, packageName)) throw new BackendNotInstalledError(name, packageName, error)
    throw error
  }
  const factory = registry.factories.get(name)
  if (factory === undefined) throw new UnknownBackendError(name, registeredBackends())
  return factory
}

/** Whether an import failed because `packageName` is not installed (rather than broken). */
export function isMissingPackage(error: unknown, packageName: string): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown }
  return (
    (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' || code === undefined) &&
    typeof message === 'string' &&
    message.includes(packageName)
  )
}

/** Whether `@multitask/<name>` is registered or can be imported. */
export async function isBackendAvailable(name: string): Promise<boolean> {
  if (registry.factories.has(name)) return true
  try {
    await importBackend(name)
    return true
  } catch (error) {
    if (error instanceof BackendNotInstalledError) return false
    throw error
  }
}
