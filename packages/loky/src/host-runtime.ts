/**
 * What the JavaScript runtime running the caller can do with worker processes. Node,
 * Deno 2 and Bun all fork children with an IPC channel, but only Node's IPC carries
 * V8-serialized objects with transfer lists ('advanced'), which tinypool's handshake
 * needs; Deno and Bun relay that handshake only as JSON.
 */
import * as childProcess from 'node:child_process'

/** The runtime running this code. */
export type HostRuntime = 'node' | 'deno' | 'bun'

/** How batches cross the IPC pipe: raw bytes ('advanced' IPC) or base64 text ('json' IPC). */
export type IpcSerialization = 'advanced' | 'json'

interface DenoGlobal {
  readonly version: { readonly deno: string }
  execPath(): string
  readonly permissions: { querySync?(descriptor: { name: 'run'; command?: string }): { state: string } }
}

export function hostRuntime(): HostRuntime {
  const versions = process.versions as Record<string, string | undefined>
  if (versions.bun !== undefined) return 'bun'
  if (versions.deno !== undefined) return 'deno'
  return 'node'
}

/** The runtime's name and version, for messages: `Deno 2.1.4`. */
export function runtimeLabel(runtime: HostRuntime = hostRuntime()): string {
  const versions = process.versions as Record<string, string | undefined>
  if (runtime === 'bun') return `Bun ${versions.bun}`
  if (runtime === 'deno') return `Deno ${versions.deno}`
  return `Node ${versions.node}`
}

/** The IPC serialization worker pools use on this runtime. */
export function ipcSerialization(runtime: HostRuntime = hostRuntime()): IpcSerialization {
  return runtime === 'node' ? 'advanced' : 'json'
}

/**
 * Why this process cannot start worker processes, or `undefined` when it can. Checked
 * before any process is forked, because a failed fork is not always a catchable
 * error: Deno without `--allow-run` throws it from inside tinypool, out of reach.
 */
export function workerProcessProblem(): string | undefined {
  const runtime = hostRuntime()
  if (typeof childProcess.fork !== 'function') return `${runtimeLabel(runtime)} has no child_process.fork()`
  if (runtime !== 'deno') return undefined
  const deno = (globalThis as { Deno?: DenoGlobal }).Deno
  if (deno === undefined) return undefined
  const major = Number(deno.version.deno.split('.')[0])
  if (major < 2) return `${runtimeLabel(runtime)} cannot fork worker processes with an IPC channel (Deno 2 can)`
  const state = deno.permissions.querySync?.({ name: 'run', command: deno.execPath() }).state ?? 'granted'
  if (state !== 'granted') {
    return `${runtimeLabel(runtime)} may not start worker processes: it runs without --allow-run (grant it, or run with -A, to use processes)`
  }
  return undefined
}
