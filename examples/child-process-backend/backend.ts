// A complete multitask backend on node:child_process, on the published API only (docs/writing-a-backend.md).
import { fork, type ChildProcess } from 'node:child_process'
import { FallbackToSeries, registerParallelBackend, WorkerTerminatedError } from '@multitask/core'
import { BackendCache, encodeCall, invalidArgument, sendBatch, type BatchReply, type BatchRequest, type CallPayload, type ParallelBackend, type TaskCall } from '@multitask/core/backend'

const ENTRY = new URL('./worker.ts', import.meta.url)

/** Backend options: `parallelBackend('child-process', { nJobs, execArgv }, fn)`. */
export interface ChildProcessOptions {
  /** Node flags of the workers. Default: this process's own, so a loader such as tsx carries over. */
  readonly execArgv?: readonly string[]
}

interface Worker {
  readonly child: ChildProcess
  readonly exited: Promise<void>
  readonly seen: Set<string> // calls whose payload this worker holds
  dead: boolean
  running?: { callId: string; start: number; resolve(reply: BatchReply): void; reject(error: unknown): void }
}

/** A backend with its own pool of worker processes, forked as calls need them. */
export function createChildProcessBackend(options: ChildProcessOptions = {}): ParallelBackend {
  const { execArgv = process.execArgv } = options
  if (!Array.isArray(execArgv) || !execArgv.every((flag) => typeof flag === 'string')) {
    throw invalidArgument(`\`execArgv\` must be an array of strings; received ${String(execArgv)}.`)
  }
  const workers = new Set<Worker>()
  const idle: Worker[] = []
  const waiting: Array<(worker: Worker) => void> = []
  const payloads = new Map<string, CallPayload>()

  function spawn(): Worker {
    // 'advanced' serialization carries what structuredClone does: typed arrays, Maps, undefined...
    const child = fork(ENTRY, { execArgv: [...execArgv], serialization: 'advanced' })
    const worker: Worker = { child, seen: new Set(), dead: false, exited: new Promise((resolve) => child.once('exit', () => resolve())) }
    child.on('error', () => undefined) // a send to a worker that just died: its 'exit' reports the death
    child.on('message', (reply) => worker.running?.resolve(reply as BatchReply))
    child.once('exit', (exitCode, signal) => {
      worker.dead = true
      workers.delete(worker)
      if (idle.includes(worker)) idle.splice(idle.indexOf(worker), 1)
      worker.running?.reject(new WorkerTerminatedError({ exitCode, signal, taskIndex: worker.running.start }))
    })
    workers.add(worker)
    return worker
  }

  // A busy worker keeps the program alive; an idle one must not.
  async function acquire(nJobs: number): Promise<Worker> {
    const worker = idle.pop() ?? (workers.size < nJobs ? spawn() : await new Promise<Worker>((give) => waiting.push(give)))
    worker.child.ref()
    worker.child.channel?.ref()
    return worker
  }

  function release(worker: Worker): void {
    worker.running = undefined
    const next = waiting.shift()
    // A dead worker is replaced for whoever waits, so the call's other batches still run.
    if (next !== undefined) return next(worker.dead ? spawn() : worker)
    if (worker.dead) return
    idle.push(worker)
    worker.child.unref()
    worker.child.channel?.unref()
  }

  // Whoever awaits the exit needs the child ref'd: an idle one would let the program end first (exit code 13).
  function stop(worker: Worker): Promise<void> {
    worker.child.ref()
    worker.child.kill()
    return worker.exited
  }

  function send(worker: Worker, request: BatchRequest): Promise<BatchReply> {
    return new Promise((resolve, reject) => {
      if (worker.dead) return reject(new WorkerTerminatedError({ reason: 'exited before the batch was sent', taskIndex: request.start }))
      worker.running = { callId: request.callId, start: request.start, resolve, reject }
      try {
        worker.child.send({ kind: 'batch', request })
        if (request.payload !== undefined) worker.seen.add(request.callId)
      } catch (error) {
        worker.running = undefined
        reject(new FallbackToSeries(`the call's args, kwargs or items cannot be sent to a child process (${(error as Error).message})`, error))
      }
    })
  }

  return {
    name: 'child-process',
    runsOn: 'processes',
    supportsSharedMemory: false,
    // abortCall kills the process running a late task.
    supportsTimeout: true,
    startCall(call: TaskCall) {
      payloads.set(call.id, encodeCall(call)) // a FallbackToSeries for a function that cannot be shipped
    },
    async runBatch(call, batch) {
      const worker = await acquire(call.nJobs)
      try {
        return await sendBatch(payloads.get(call.id)!, batch, (request) => send(worker, request), !worker.seen.has(call.id))
      } finally {
        release(worker)
      }
    },
    async abortCall(call) {
      await Promise.all([...workers].filter((worker) => worker.running?.callId === call.id).map(stop))
    },
    endCall(call) {
      payloads.delete(call.id)
      for (const worker of workers) {
        if (worker.seen.delete(call.id) && worker.child.connected) worker.child.send({ kind: 'forget', callId: call.id })
      }
    },
    async terminate() {
      await Promise.all([...workers].map(stop))
    },
  }
}

// One backend (and pool) per distinct set of options: the factory runs for every call.
const backends = new BackendCache((options) => createChildProcessBackend(options as ChildProcessOptions))
registerParallelBackend('child-process', (options) => backends.get(options))

/** Ends every worker process of the backend; later calls fork new ones. */
export const shutdown = (): Promise<void> => backends.close()
