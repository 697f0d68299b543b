import { spawnSync, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'

const owned = new Set<ChildProcess>()
let hooked = false

/**
 * Marks a process the driver started as its own: if the driver exits without stopping
 * it (an error, the runner's kill after its grace period), it is killed then, so no run
 * leaves a redis-server or worker behind.
 */
export function own(child: ChildProcess): ChildProcess {
  if (!hooked) process.once('exit', killOwned)
  hooked = true
  owned.add(child)
  child.once('exit', () => owned.delete(child))
  return child
}

function killOwned(): void {
  for (const child of owned) child.kill('SIGKILL')
}

let setpriv: boolean | undefined

/**
 * The command line that runs `command` so that it dies with the driver even when the
 * driver is killed with SIGKILL, which no exit handler sees: on Linux, util-linux's
 * `setpriv --pdeathsig` asks the kernel for that. Elsewhere, `command` as is.
 */
export function diesWithUs(command: string, args: readonly string[]): [string, string[]] {
  setpriv ??= spawnSync('setpriv', ['--pdeathsig', 'SIGKILL', '--', 'true'], { stdio: 'ignore' }).status === 0
  return setpriv ? ['setpriv', ['--pdeathsig', 'SIGKILL', '--', command, ...args]] : [command, [...args]]
}

/** SIGTERM, then SIGKILL if it is still there after `graceMs`; resolves once it has exited. */
export async function stop(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const gone = exited(child)
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
  await gone
  clearTimeout(timer)
}

/** Resolves once `child` has exited (at once if it has). */
export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => child.once('exit', () => resolve()))
}

/**
 * Reads a child's output line by line, keeping the last lines for error messages and
 * passing each to `onLine` (to echo it or to spot a readiness line).
 */
export function lines(stream: NodeJS.ReadableStream, onLine: (line: string) => void = () => {}): () => string {
  const last: string[] = []
  createInterface({ input: stream }).on('line', (line) => {
    last.push(line)
    if (last.length > 20) last.shift()
    onLine(line)
  })
  return () => last.join('\n')
}
