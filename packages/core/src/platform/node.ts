// The platform of Node, Deno and Bun: all three have Node's built-in modules.
import { AsyncLocalStorage } from 'node:async_hooks'
import { existsSync, readFileSync } from 'node:fs'
import os from 'node:os'
import { isAbsolute, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { inspect } from 'node:util'
import { serialize } from 'node:v8'
import type { Platform } from './platform.js'

const globals = globalThis as { Deno?: unknown; Bun?: unknown }

export const platform: Platform = {
  name: globals.Deno !== undefined ? 'deno' : globals.Bun !== undefined ? 'bun' : 'node',
  createContextStore: () => new AsyncLocalStorage(),
  availableCpus() {
    if (typeof os.availableParallelism === 'function') return os.availableParallelism()
    return Math.max(1, os.cpus().length)
  },
  readSmallFile(path) {
    try {
      return readFileSync(path, 'utf8')
    } catch {
      // Not on Linux, no such file, or a runtime without permission to read it.
      return undefined
    }
  },
  readEnv: (name) => process.env[name],
  inspect: (value, options) => inspect(value, options),
  assertSerializable(value) {
    serialize(value)
  },
  moduleUrl(specifier) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(specifier) && !/^[a-z]:[\\/]/i.test(specifier)) return specifier // a URL
    if (isAbsolute(specifier) || specifier.startsWith('.')) return pathToFileURL(resolve(specifier)).href
    return specifier // a package name
  },
  missingModuleFile(url) {
    if (!url.startsWith('file:')) return undefined
    const path = fileURLToPath(url)
    return existsSync(path) ? undefined : path
  },
  loadsTypeScript: () =>
    globals.Deno !== undefined || globals.Bun !== undefined || Boolean((process.features as { typescript?: unknown }).typescript),
  // Loaded on first use: the compiler's code, and esbuild, only when a TypeScript module needs them.
  compileTypeScript: (url) => import('./typescript/compile-module.js').then((compiler) => compiler.compileTypeScriptModule(url)),
  enableSourceMaps() {
    process.setSourceMapsEnabled?.(true)
  },
}
