import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import os from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { cpuCount } from '@multitask/core'

/** The machine a run was measured on, for the report's header. */
export interface MachineInfo {
  readonly cpuModel: string
  readonly logicalCpus: number
  /** What multitask counts (affinity and cgroup quota included). */
  readonly cpuCount: number
  readonly memoryGiB: number
  readonly os: string
  readonly node: string
  readonly python: string | null
  /** The redis-server the bullmq contestant runs on, or null when there is none. */
  readonly redis: string | null
  /** The Deno and Bun the runtime contestants run on, or null when missing. */
  readonly deno: string | null
  readonly bun: string | null
  readonly date: string
}

export function machineInfo(versions: Pick<MachineInfo, 'python' | 'redis' | 'deno' | 'bun'>): MachineInfo {
  let cpuModel = os.cpus()[0]?.model ?? 'unknown'
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('model name'))
    if (line) cpuModel = line.split(':')[1]!.trim()
  } catch {
    // not Linux: os.cpus() said it
  }
  return {
    cpuModel,
    logicalCpus: os.cpus().length,
    cpuCount: cpuCount(),
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    ...versions,
    date: new Date().toISOString(),
  }
}

/**
 * A Python that has joblib and numpy: `$MULTITASK_BENCH_PYTHON`, else Debian's
 * /usr/bin/python3 (where `apt-get install python3-joblib python3-numpy` puts them),
 * else `python3` on the PATH. Returns null (and the reason) when none has them.
 */
export function findPython(): { python: string; version: string } | { python: null; reason: string } {
  const candidates = [process.env.MULTITASK_BENCH_PYTHON, '/usr/bin/python3', 'python3'].filter(
    (p): p is string => typeof p === 'string' && p !== '' && (!p.startsWith('/') || existsSync(p)),
  )
  for (const python of candidates) {
    const probe = spawnSync(python, ['-c', 'import sys, joblib, numpy; print("Python %s, joblib %s, numpy %s" % (sys.version.split()[0], joblib.__version__, numpy.__version__))'], {
      encoding: 'utf8',
    })
    if (probe.status === 0) return { python, version: probe.stdout.trim() }
  }
  return { python: null, reason: `no Python with joblib and numpy among ${candidates.join(', ')} (apt-get install python3-joblib python3-numpy)` }
}

/**
 * `redis-server` on the PATH, which the bullmq contestant starts a private instance of
 * (Debian: `apt-get install redis-server`). Returns its version line, or null and the
 * reason when there is none.
 */
export function findRedisServer(): { version: string } | { version: null; reason: string } {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' })
  if (probe.status === 0) return { version: probe.stdout.trim().replace(/ sha=.*/, '') }
  return { version: null, reason: 'no redis-server on the PATH (apt-get install redis-server)' }
}

/**
 * The `deno` or `bun` binary the runtime contestants run on: `$MULTITASK_BENCH_DENO` /
 * `$MULTITASK_BENCH_BUN`, else the one the root dev dependency installs in
 * node_modules/.bin (looked for in every folder up from here), else the one on the PATH.
 * Returns its path and version, or null and the reason when none runs.
 */
export function findRuntime(name: 'deno' | 'bun'): { path: string; version: string } | { path: null; reason: string } {
  const candidates = [process.env[`MULTITASK_BENCH_${name.toUpperCase()}`], ...binFolders().map((dir) => join(dir, name)), name].filter(
    (p): p is string => typeof p === 'string' && p !== '' && (!p.startsWith('/') || existsSync(p)),
  )
  for (const path of candidates) {
    const probe = spawnSync(path, ['--version'], { encoding: 'utf8' })
    if (probe.status === 0) {
      const version = probe.stdout.split('\n')[0]!.trim()
      return { path, version: name === 'deno' ? version.replace(/^deno (\S+).*/, 'Deno $1') : `Bun ${version}` }
    }
  }
  return { path: null, reason: `no ${name} binary (the root dev dependency \`${name}\` installs one: npm ci)` }
}

function binFolders(): string[] {
  const folders: string[] = []
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    folders.push(join(dir, 'node_modules', '.bin'))
    if (dirname(dir) === dir) return folders
  }
}
