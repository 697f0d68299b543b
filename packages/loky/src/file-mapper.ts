/**
 * How a worker sees a shared argument file: mapped (no copy; pages come from the
 * file as tasks touch them, shared with every worker, as joblib's memmapping does)
 * when `@multitask/mmap` is installed and loads here, else read into fresh memory.
 */

/** Maps the first `byteLength` bytes of a file into a private, copy-on-write buffer. */
export type MapFile = (path: string, byteLength: number) => ArrayBuffer

/**
 * The mapper, or `undefined` to read files instead: when `MULTITASK_MMAP=0`, or the
 * addon is missing, unbuilt for this platform, or refused by the runtime (such as
 * a Deno process without `--allow-ffi`).
 */
export async function loadFileMapper(): Promise<MapFile | undefined> {
  if (process.env.MULTITASK_MMAP === '0') return undefined
  try {
    const mmap = await import('@multitask/mmap')
    return mmap.mapFileSupport().available ? mmap.mapFile : undefined
  } catch {
    return undefined
  }
}
