// Plain projects in temp folders, and the commands a user types in them.
import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const BIN = fileURLToPath(new URL('../../../node_modules/.bin/', import.meta.url))
/** The real runtimes, from the root dev dependencies `deno` and `bun`. */
export const DENO = `${BIN}deno`
export const BUN = `${BIN}bun`

/**
 * The environment of a user's shell: without the `npm_*` variables that `npm test`
 * exports (they would override the project's npmrc) and without Nx's FORCE_COLOR.
 */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(key) || key === 'FORCE_COLOR' || key === 'NODE_OPTIONS' || key.startsWith('VITEST')) continue
    env[key] = value
  }
  return { ...env, NO_COLOR: '1', ...extra }
}

export interface Run {
  readonly status: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
  readonly ms: number
}

/** Runs a command to its end; a hang is killed at `timeout` and shows as a signal. */
export function run(cwd: string, command: string, args: readonly string[], env: Record<string, string> = {}, timeout = 240_000): Run {
  const started = performance.now()
  const child = spawnSync(command, args, { cwd, env: cleanEnv(env), encoding: 'utf8', timeout })
  return { status: child.status, signal: child.signal, stdout: child.stdout, stderr: child.stderr, ms: performance.now() - started }
}

/** A folder with the given files (those given as `undefined` left out). */
export function makeProject(root: string, name: string, files: Record<string, string | undefined>): string {
  const folder = join(root, name)
  mkdirSync(folder, { recursive: true })
  for (const [file, text] of Object.entries(files)) if (text !== undefined) writeFileSync(join(folder, file), text)
  return folder
}
