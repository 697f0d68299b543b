import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

/** The addon's exports (`native/map_file.c`). */
export interface Binding {
  mapFile(path: string, byteLength: number, shared: boolean): ArrayBuffer
  discardWrites(buffer: ArrayBuffer): number
  unmap(buffer: ArrayBuffer): void
}

let loaded: Binding | Error | undefined

/**
 * The compiled addon, loaded once, or why it cannot be. node-gyp-build picks the binary:
 * a local `build/Release` (a developer's build), else the prebuild in
 * `prebuilds/<platform>-<arch>/` whose tags (libc) match this machine. No install script
 * is involved, so it works where Bun and Deno skip them. It fails on a platform without a
 * prebuild, a runtime without Node-API, or a runtime that needs a permission to load
 * addons (Deno's `--allow-ffi`).
 */
export function binding(): Binding | Error {
  if (loaded === undefined) {
    try {
      const require = createRequire(import.meta.url)
      const load = require('node-gyp-build') as (dir: string) => Binding
      loaded = load(fileURLToPath(new URL('..', import.meta.url)))
    } catch (error) {
      loaded = error instanceof Error ? error : new Error(String(error))
    }
  }
  return loaded
}
