// The platform of browsers and any other runtime without Node's built-in modules.
import type { ContextStore, InspectOptions, Platform } from './platform.js'

/**
 * Without an async context in the language yet, a context holds for the code `fn` runs
 * synchronously: before its first `await`.
 */
class SynchronousStore<T> implements ContextStore<T> {
  private current: T | undefined
  run<R>(value: T, fn: () => R): R {
    const outer = this.current
    this.current = value
    try {
      return fn()
    } finally {
      this.current = outer
    }
  }
  getStore(): T | undefined {
    return this.current
  }
}

function inspect(value: unknown, options: InspectOptions = {}): string {
  if (typeof value === 'string') {
    const max = options.maxStringLength ?? Number.POSITIVE_INFINITY
    return JSON.stringify(value.length > max ? `${value.slice(0, max)}...` : value).replace(/^"|"$/g, "'")
  }
  if (typeof value === 'function') return `[Function: ${value.name || '(anonymous)'}]`
  if (typeof value === 'bigint') return `${value}n`
  if (value === null || typeof value !== 'object') return String(value)
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return Object.prototype.toString.call(value)
  }
}

const navigator = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator

export const platform: Platform = {
  name: 'web',
  createContextStore: () => new SynchronousStore(),
  availableCpus: () => Math.max(1, navigator?.hardwareConcurrency ?? 1),
  readSmallFile: () => undefined,
  readEnv: () => undefined,
  inspect,
  assertSerializable(value) {
    structuredClone(value)
  },
  moduleUrl(specifier) {
    const base = (globalThis as { location?: { href: string } }).location?.href
    return base === undefined ? specifier : new URL(specifier, base).href
  },
  missingModuleFile: () => undefined,
  loadsTypeScript: () => false,
  compileTypeScript: () => Promise.resolve(undefined),
  enableSourceMaps: () => undefined,
}
