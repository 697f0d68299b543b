// threads.js 1.7 ships types that its package.json "exports" hide from NodeNext
// resolution; this is the part of its API the benchmark uses.
declare module 'threads' {
  import type { WorkerOptions } from 'node:worker_threads'
  export class Worker {
    constructor(path: string, options?: WorkerOptions)
  }
  export function spawn<T>(worker: Worker, options?: { timeout?: number }): Promise<T>
  export interface PoolInstance<T> {
    queue<R>(task: (thread: T) => Promise<R>): PromiseLike<R>
    completed(allowResolvingImmediately?: boolean): Promise<unknown>
    terminate(force?: boolean): Promise<void>
  }
  export function Pool<T>(spawnWorker: () => Promise<T>, size?: number): PoolInstance<T>
}
declare module 'threads/worker' {
  export function expose(api: Record<string, (...args: any[]) => unknown>): void
}
