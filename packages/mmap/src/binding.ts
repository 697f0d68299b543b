import { createRequire } from 'node:module'

/** The addon's exports (`native/map_file.c`). */
export interface Binding {
  mapFile(path: string, byteLength: number): ArrayBuffer
}

let loaded: Binding | Error | undefined

/**
 * The compiled addon, loaded once, or why it cannot be: no build for this platform,
 * a runtime without Node-API, or a runtime that needs a permission to load addons
 * (Deno's `--allow-ffi`).
 */
export function binding(): Binding | Error {
  if (loaded === undefined) {
    try {
      loaded = createRequire(import.meta.url)('./multitask_mmap.node') as Binding
    } catch (error) {
      loaded = error instanceof Error ? error : new Error(String(error))
    }
  }
  return loaded
}
