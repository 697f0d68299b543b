import { mkdirSync, mkdtempSync, rmSync, statfsSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const SHM = '/dev/shm'
// Leave room for everything else that lives in shared memory.
const SHM_HEADROOM = 64 * 1024 ** 2

const live = new Set<string>()
let exitHookInstalled = false

/**
 * Where a call's large arguments are written, as joblib chooses: `MULTITASK_TEMP_FOLDER`
 * when set, else `/dev/shm` (RAM-backed, so workers read at memory speed) when it has
 * room for `bytes`, else the OS temp dir.
 */
export function tempBase(bytes: number): string {
  const fromEnv = process.env.MULTITASK_TEMP_FOLDER
  if (fromEnv) {
    mkdirSync(fromEnv, { recursive: true, mode: 0o700 })
    return fromEnv
  }
  try {
    const stats = statfsSync(SHM)
    if (stats.bavail * stats.bsize >= bytes + SHM_HEADROOM) return SHM
  } catch {
    // No /dev/shm (macOS, Windows, some containers).
  }
  return tmpdir()
}

/** Creates a private folder (mode 0700) for one call; removed by {@link removeTempFolder}, or at exit. */
export function createTempFolder(bytes: number): string {
  const folder = mkdtempSync(join(tempBase(bytes), 'multitask-'))
  live.add(folder)
  if (!exitHookInstalled) {
    exitHookInstalled = true
    // A caller that exits in the middle of a call must not leave its arguments behind.
    process.once('exit', () => {
      for (const path of live) rmSync(path, { recursive: true, force: true })
    })
  }
  return folder
}

/** Removes a call's folder; never throws (it runs on every error path). */
export async function removeTempFolder(folder: string): Promise<void> {
  live.delete(folder)
  await rm(folder, { recursive: true, force: true }).catch(() => undefined)
}
