import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * What a process holds that a leak would make grow: what the leak rows of the crash
 * table and the soak compare before and after.
 */
export interface ResourceSnapshot {
  /** `process.getActiveResourcesInfo()`, counted by kind (`Timeout`, `PipeWrap`, ...). */
  readonly handles: Readonly<Record<string, number>>
  /** Pids of the running (not zombie) child processes, from the process table (`ps --ppid`). */
  readonly children: readonly number[]
  /** OS threads of this process (`/proc/self/task`): the main thread, V8's and libuv's, and one per worker thread. */
  readonly threads: number
  /** Folders named `multitask-*` in the places the loky backend writes large arguments. */
  readonly tempFolders: readonly string[]
  /** Listeners on the process events a backend might hook (`exit`, signals, uncaught errors). */
  readonly processListeners: number
}

/** Takes a {@link ResourceSnapshot} of this process. */
export function snapshot(): ResourceSnapshot {
  const handles: Record<string, number> = {}
  for (const kind of process.getActiveResourcesInfo()) handles[kind] = (handles[kind] ?? 0) + 1
  return {
    handles,
    children: childProcesses(process.pid),
    threads: osThreads(),
    tempFolders: tempFolders(),
    processListeners: ['exit', 'SIGINT', 'SIGTERM', 'uncaughtException', 'unhandledRejection'].reduce(
      (sum, event) => sum + process.listenerCount(event),
      0,
    ),
  }
}

/** The ways `after` holds more than `before`, one line each; empty when nothing grew. */
export function growth(before: ResourceSnapshot, after: ResourceSnapshot): string[] {
  const lines: string[] = []
  for (const [kind, count] of Object.entries(after.handles)) {
    if (count > (before.handles[kind] ?? 0)) lines.push(`handles ${kind}: ${before.handles[kind] ?? 0} -> ${count}`)
  }
  if (after.children.length > before.children.length) {
    lines.push(`child processes: ${before.children.length} -> ${after.children.length} (${after.children.join(' ')})`)
  }
  if (after.threads > before.threads) lines.push(`threads: ${before.threads} -> ${after.threads}`)
  const newFolders = after.tempFolders.filter((folder) => !before.tempFolders.includes(folder))
  if (newFolders.length > 0) lines.push(`temp folders: ${newFolders.join(' ')}`)
  if (after.processListeners > before.processListeners) {
    lines.push(`process listeners: ${before.processListeners} -> ${after.processListeners}`)
  }
  return lines
}

/**
 * Waits until this process holds no more than `before` (workers being replaced and
 * folders being removed take a moment), up to `ms`; returns what still grew.
 */
export async function settledGrowth(before: ResourceSnapshot, ms = 10_000): Promise<string[]> {
  const deadline = Date.now() + ms
  for (;;) {
    const lines = growth(before, snapshot())
    if (lines.length === 0 || Date.now() > deadline) return lines
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** Pids of the running child processes of `parent`, from `ps --ppid` (without the `ps` itself). */
export function childProcesses(parent: number): number[] {
  let out: string
  try {
    out = execFileSync('ps', ['--ppid', String(parent), '-o', 'pid=,stat=,comm='], { encoding: 'utf8' })
  } catch {
    return [] // ps exits with 1 when no process matches
  }
  return out
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([pid, stat, comm]) => pid && !stat?.startsWith('Z') && comm !== 'ps')
    .map(([pid]) => Number(pid))
}

/** Every live descendant of `root` (children, their children, ...), from `/proc`. */
export function descendants(root: number): number[] {
  const found: number[] = []
  const visit = (pid: number) => {
    let children: number[] = []
    try {
      children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number)
    } catch {
      return
    }
    for (const child of children) {
      if (!isZombie(child)) found.push(child)
      visit(child)
    }
  }
  visit(root)
  return found
}

/** Whether `pid` runs: a zombie (exited, not reaped yet) counts as gone. */
export function isRunning(pid: number): boolean {
  try {
    return !isZombie(pid)
  } catch {
    return false
  }
}

function isZombie(pid: number): boolean {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  return stat.charAt(stat.lastIndexOf(')') + 2) === 'Z'
}

/** OS threads of `pid` (this process by default). */
export function osThreads(pid: number | 'self' = 'self'): number {
  try {
    return readdirSync(`/proc/${pid}/task`).length
  } catch {
    return Number.NaN
  }
}

/**
 * The `multitask-*` folders where the loky backend puts large arguments:
 * `MULTITASK_TEMP_FOLDER` when set (then only there), else `/dev/shm` and the OS temp dir.
 */
export function tempFolders(): string[] {
  const fromEnv = process.env.MULTITASK_TEMP_FOLDER
  const bases = fromEnv ? [fromEnv] : ['/dev/shm', tmpdir()]
  const found: string[] = []
  for (const base of bases) {
    try {
      for (const name of readdirSync(base)) if (name.startsWith('multitask-')) found.push(join(base, name))
    } catch {
      // The base does not exist here.
    }
  }
  return found
}

/** Memory of this process in MiB, rounded. */
export function memoryMb(): { rss: number; heapUsed: number } {
  const { rss, heapUsed } = process.memoryUsage()
  return { rss: Math.round(rss / 2 ** 20), heapUsed: Math.round(heapUsed / 2 ** 20) }
}
