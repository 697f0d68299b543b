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
 * (libc) match this machine. No install script
 * is involved, so it works where Bun and Deno skip them. It fails on a platform without a
 * prebuild, a runtime without Node-API, or a runtime that needs a permission to load
 * addons (Deno's `--allow-ffi`).
 */
export function binding(): Binding | Error {
  if (loaded === undefined) {
    const require = createRequire(import.meta.url)
    try {
      loaded = (loadGlibcPrebuild(require) ?? (require('node-gyp-build') as (dir: string) => Binding)(fileURLToPath(ROOT))) as Binding
    } catch (error) {
      loaded = error instanceof Error ? error : new Error(String(error))
    }
  }
  return loaded
}

const ROOT = new URL('..', import.meta.url)

/**
 * The prebuild for Linux with glibc, loaded directly: every loky worker loads the addon
 * as it starts, and node-gyp-build's search costs several times the load itself. Where
 * there is no such file, or it does not load (musl), node-gyp-build chooses.
 */
function loadGlibcPrebuild(require: NodeJS.Require): Binding | undefined {
  if (process.platform !== 'linux') return undefined
  try {
    return require(fileURLToPath(new URL(`prebuilds/linux-${process.arch}/node.glibc.node`, ROOT))) as Binding
  } catch {
    return undefined
  }
}
