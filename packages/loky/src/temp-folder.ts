import { mkdirSync, mkdtempSync, readdirSync, rmSync, statfsSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const SHM = '/dev/shm'
// Leave room for everything else that lives in shared memory.
const SHM_HEADROOM = 64 * 1024 ** 2
// Folders are named multitask-<pid>-<random>, so a later process can tell whose they are.
const PREFIX = 'multitask-'
const OWNED = /^multitask-(\d+)-/

const live = new Set<string>()
const swept = new Set<string>()
let exitHookInstalled = false

/**
 * Where large arguments are written, as joblib chooses: `MULTITASK_TEMP_FOLDER`
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

/**
 * Creates a private folder (mode 0700); removed by {@link removeTempFolder}, or at exit.
 * The first time in a base folder, it also removes the folders of multitask processes
 * that died without cleaning up (killed by a signal they did not handle, or SIGKILL).
 */
export function createTempFolder(bytes: number): string {
  const base = tempBase(bytes)
  if (!swept.has(base)) {
    swept.add(base)
    removeOrphanedFolders(base)
  }
  const folder = mkdtempSync(join(base, `${PREFIX}${process.pid}-`))
  live.add(folder)
  if (!exitHookInstalled) {
    exitHookInstalled = true
    // A caller that exits with calls running or buffers kept must not leave them behind.
    process.once('exit', () => {
      for (const path of live) rmSync(path, { recursive: true, force: true })
    })
  }
  return folder
}

/** Removes a folder; never throws (it runs on every error path). */
export async function removeTempFolder(folder: string): Promise<void> {
  live.delete(folder)
  await rm(folder, { recursive: true, force: true }).catch(() => undefined)
}

/** The folder is being removed by its owner: the exit hook need not. */
export function forgetTempFolder(folder: string): void {
  live.delete(folder)
}

function removeOrphanedFolders(base: string): void {
  let names: string[]
  try {
    names = readdirSync(base)
  } catch {
    return
  }
  for (const name of names) {
    const pid = Number(OWNED.exec(name)?.[1])
    if (!Number.isInteger(pid) || pid === process.pid || isAlive(pid)) continue
    try {
      rmSync(join(base, name), { recursive: true, force: true })
    } catch {
      // Another user's folder is not ours to remove.
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it exists, as another user's.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
