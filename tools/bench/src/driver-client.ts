import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { REPLY_PREFIX, type RunReply } from './protocol.js'
import type { TaskParams } from './task-args.js'
import type { TaskName } from './tasks.js'

/** How to start the process that hosts one contestant. */
export interface DriverSpec {
  readonly command: string
  readonly args: readonly string[]
}

type Pending = { resolve: (value: any) => void; reject: (error: Error) => void }

/**
 * The environment every driver gets: the runner's, without `NODE_EXTRA_CA_CERTS`. Node 20
 * reads and parses that file as each process starts (about 45 ms for Debian's bundle),
 * so where the machine sets it (this one does) it would charge every worker process a
 * contestant starts, but only where the contestant passes its environment on: tinypool's
 * child processes get an empty one by default, multitask loky's and joblib's the caller's.
 * Without it, the cold rows compare the pools, not the machine's TLS settings.
 */
export function driverEnv(): NodeJS.ProcessEnv {
  const { NODE_EXTRA_CA_CERTS: _, ...env } = process.env
  return env
}

/** The runner's end of one driver process (see protocol.ts). */
export class DriverClient {
  private readonly child: ChildProcess
  private readonly pending = new Map<number, Pending>()
  private nextId = 1
  private exited: Error | null = null
  private readonly stderrTail: string[] = []
  /** Resolves with the driver's runtime version once it is ready. */
  readonly ready: Promise<string>

  constructor(readonly label: string, spec: DriverSpec, private readonly echo: (line: string) => void) {
    this.child = spawn(spec.command, [...spec.args], { stdio: ['pipe', 'pipe', 'pipe'], env: driverEnv() })
    let onReady!: Pending
    this.ready = new Promise<string>((resolve, reject) => (onReady = { resolve, reject }))
    this.pending.set(0, onReady)
    createInterface({ input: this.child.stdout! }).on('line', (line) => this.onLine(line))
    createInterface({ input: this.child.stderr! }).on('line', (line) => {
      this.stderrTail.push(line)
      if (this.stderrTail.length > 20) this.stderrTail.shift()
      this.echo(`[${label}] ${line}`)
    })
    this.child.on('error', (error) => this.fail(error))
    this.child.on('exit', (code, signal) => {
      this.fail(new Error(`driver ${label} exited (${signal ?? code})${this.stderrTail.length ? `: ${this.stderrTail.join('\n')}` : ''}`))
    })
  }

  get pid(): number {
    return this.child.pid ?? -1
  }

  private onLine(line: string): void {
    if (!line.startsWith(REPLY_PREFIX)) {
      this.echo(`[${this.label}] ${line}`)
      return
    }
    const message = JSON.parse(line.slice(REPLY_PREFIX.length))
    const key = message.ready ? 0 : message.id
    const waiter = this.pending.get(key)
    if (!waiter) return
    this.pending.delete(key)
    if (message.error) waiter.reject(new Error(`${this.label}: ${message.error}`))
    else waiter.resolve(message.ready ? (message.version ?? '') : message)
  }

  private fail(error: Error): void {
    this.exited ??= error
    for (const waiter of this.pending.values()) waiter.reject(error)
    this.pending.clear()
  }

  private send<T>(message: Record<string, unknown>): Promise<T> {
    if (this.exited) return Promise.reject(this.exited)
    const id = this.nextId++
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      this.child.stdin!.write(JSON.stringify({ ...message, id }) + '\n')
    })
  }

  /** Makes the arguments of the next run untimed (see PrepareCommand). */
  prepare(task: TaskName, params: TaskParams): Promise<unknown> {
    return this.send({ cmd: 'prepare', task, params })
  }

  run(task: TaskName, n: number, jobs: number, params: TaskParams, cold = false): Promise<RunReply> {
    return this.send<RunReply>({ cmd: 'run', task, n, jobs, params, cold })
  }

  calibrate(targetMs: number): Promise<number> {
    return this.send<{ iters: number }>({ cmd: 'calibrate', targetMs }).then((r) => r.iters)
  }

  /** Asks the driver to free its pool and exit; kills it if it has not after `graceMs`. */
  async close(graceMs = 10_000): Promise<void> {
    if (this.exited) return
    const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()))
    this.send({ cmd: 'close' }).catch(() => {})
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs)
    await gone
    clearTimeout(timer)
  }
}
