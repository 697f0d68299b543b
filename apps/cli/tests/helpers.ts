import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/** The built CLI, run as a user would: `node apps/cli/bin/multitask.js ...`. */
export const MAIN = fileURLToPath(new URL('../bin/multitask.js', import.meta.url))
export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url))
export const TASKS = `${FIXTURES}tasks.mjs`

export interface Outcome {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
}

/** Spawns the CLI with `args`, feeding `input` to its stdin, and waits for it to exit. */
export function cli(args: readonly string[], options: { input?: string; cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Outcome> {
  return finished(start(args, options), options.input)
}

/** Spawns the CLI without waiting, for tests that talk to it while it runs. */
export function start(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): ChildProcess {
  return spawn(process.execPath, [MAIN, ...args], {
    cwd: options.cwd ?? FIXTURES,
    env: { ...process.env, MULTITASK_BACKEND: '', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
}

export function finished(child: ChildProcess, input?: string): Promise<Outcome> {
  let stdout = ''
  let stderr = ''
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  child.stdin!.end(input)
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }))
  })
}

/** Resolves when `text` has appeared in the stream (or rejects when the process exits first). */
export function waitFor(child: ChildProcess, stream: 'stdout' | 'stderr', text: string | RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = ''
    const onData = (chunk: Buffer | string) => {
      seen += chunk.toString()
      if (typeof text === 'string' ? seen.includes(text) : text.test(seen)) {
        child[stream]!.off('data', onData)
        resolve(seen)
      }
    }
    child[stream]!.on('data', onData)
    child.once('exit', () => reject(new Error(`the CLI exited before printing ${String(text)}; it printed: ${seen}`)))
  })
}
