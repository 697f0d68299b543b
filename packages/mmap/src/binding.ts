import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

/** The addon's exports (`native/map_file.c`). */
export interface Binding {
  mapFile(path: string, byteLength: number, shared: boolean): ArrayBuffer
  discardWrites(buffer: ArrayBuffer): number
  unmap(buffer: ArrayBuffer): void
  watchParent(parentPid: number, intervalMs: number): boolean
  removeWithParent(folder: string): void
}

let loaded: Binding | Error | undefined

/**
 * The compiled addon, loaded once, or why it cannot be: on Linux with glibc, the
 * prebuild for it; elsewhere node-gyp-build picks the binary: a local `build/Release`
 * (a developer's build), else the prebuild in `prebuilds/<platform>-<arch>/` whose tags
 * (libc) match this machine. No install script is involved, so it works where Bun and
 * Deno skip them. It fails on a platform without a prebuild, a runtime without
 * Node-API, or a runtime that needs a permission to load addons (Deno's `--allow-ffi`).
 */
export function binding(): Binding | Error {
  if (loaded === undefined) {
    try {
      loaded = loadGlibcPrebuild() ?? (createRequire(import.meta.url)('node-gyp-build') as (dir: string) => Binding)(fileURLToPath(ROOT))
    } catch (error) {
      loaded = error instanceof Error ? error : new Error(String(error))
    }
  }
  return loaded
}

const ROOT = new URL('..', import.meta.url)
const PREBUILD_OVERRIDE = '@MULTITASK/MMAP_PREBUILD'

/**
 * The prebuild for Linux with glibc, opened directly: every loky worker loads the addon
 * as it starts, and node-gyp-build's search (and the CommonJS loader it needs) costs
 * several times the load itself. Where there is no such file, or it does not load
 * (musl), node-gyp-build chooses.
 */
function loadGlibcPrebuild(): Binding | undefined {
  // node-gyp-build's own override (a folder to load the addon from) is left to it.
  if (process.platform !== 'linux' || process.env[PREBUILD_OVERRIDE] !== undefined) return undefined
  const addon = { exports: {} as Binding }
  try {
    process.dlopen(addon, fileURLToPath(new URL(`prebuilds/linux-${process.arch}/node.glibc.node`, ROOT)))
    return addon.exports
  } catch {
    return undefined
  }
}
