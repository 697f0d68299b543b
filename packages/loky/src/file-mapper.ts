/**
 * How a worker sees a shared argument file: mapped (no copy; pages come from the
 * file as tasks touch them, shared with every worker, as joblib's memmapping does)
 * when `@multitask/mmap` is installed and loads here, else read into fresh memory.
 */

/** Maps the first `byteLength` bytes of a file: private and copy-on-write, or `shared` and writable. */
export type MapFile = (path: string, byteLength: number, options?: { readonly shared?: boolean }) => ArrayBuffer

/** What segments are mapped with: `@multitask/mmap`'s functions. */
export interface FileMapper {
  readonly mapFile: MapFile
  /** Drops this process's writes to a private mapping, so it shows the file's current bytes. */
  readonly discardWrites: (buffer: ArrayBuffer) => number
  /** Unmaps now, instead of when the buffer is garbage-collected. */
  readonly unmap: (buffer: ArrayBuffer) => void
}

/** Whether loky's workers map large arguments, or copy them and why. */
export type FileMapping = { readonly mapped: true } | { readonly mapped: false; readonly reason: string }

/**
 * The mapper, or `undefined` to read files instead: when `MULTITASK_MMAP=0`, or the
 * addon is missing, unbuilt for this platform, or refused by the runtime (such as
 * a Deno process without `--allow-ffi`).
 */
export function loadFileMapper(): Promise<FileMapper | undefined> {
  // Once per process: the addon and the environment do not change.
  return (loading ??= probe().then(({ mapper }) => mapper))
}
let loading: Promise<FileMapper | undefined> | undefined

/**
 * Whether loky's workers will map large arguments (`maxNbytes`) with `@multitask/mmap`
 * or copy them, and why, as this process sees it: what `multitask backends` and
 * `--verbose` report, so a missing addon never goes unnoticed.
 *
 * @example
 * ```ts
 * import { fileMapping } from '@multitask/loky'
 * const mapping = await fileMapping()
 * if (!mapping.mapped) console.warn(`large arguments are copied: ${mapping.reason}`)
 * ```
 */
export async function fileMapping(): Promise<FileMapping> {
  const { reason } = await probe()
  return reason === undefined ? { mapped: true } : { mapped: false, reason }
}

async function probe(): Promise<{ mapper?: FileMapper; reason?: string }> {
  const { addon, reason } = await loadAddon()
  return addon === undefined ? { reason } : { mapper: { mapFile: addon.mapFile, discardWrites: addon.discardWrites, unmap: addon.unmap } }
}

/**
 * `@multitask/mmap` when it is installed, allowed (`MULTITASK_MMAP` is not `0`) and
 * loads here, else why not. Imported once per process.
 */
export function loadAddon(): Promise<{ addon?: typeof import('@multitask/mmap'); reason?: string }> {
  return (addon ??= importAddon())
}
let addon: ReturnType<typeof loadAddon> | undefined

async function importAddon(): Promise<{ addon?: typeof import('@multitask/mmap'); reason?: string }> {
  if (process.env.MULTITASK_MMAP === '0') return { reason: 'MULTITASK_MMAP=0 is set' }
  let mmap: typeof import('@multitask/mmap')
  try {
    mmap = await import('@multitask/mmap')
  } catch {
    return { reason: '@multitask/mmap is not installed (npm install @multitask/mmap)' }
  }
  const support = mmap.mapFileSupport()
  return support.available ? { addon: mmap } : { reason: `@multitask/mmap does not load here: ${support.reason}` }
}
