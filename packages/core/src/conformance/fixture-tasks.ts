import { readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { threadId } from 'node:worker_threads'

// Task functions the conformance kit passes by module reference: workers import this
// file (built to fixture-tasks.js beside the kit) by its URL, as they would a user's module.

/** Form 1: `args[i] + 10`. */
export function addTen(args: readonly number[], i: number): number {
  return args[i]! + 10
}

/** Throws `RangeError('bad <i>')` at task `badIndex`; the error's stack then names this file. */
export function failAt(badIndex: number, i: number): number {
  if (i === badIndex) throw new RangeError(`bad ${i}`)
  return i
}

/** The default export, used when a reference gives no `name`. */
export default function square(_: null, x: number): number {
  return x * x
}

/**
 * A barrier: leaves a file in `folder`, then waits until `workers` tasks have, so it
 * returns only when that many tasks run at once. Fails after 20 s, naming how many met.
 */
export function meet(meeting: { folder: string; workers: number }, i: number): number {
  writeFileSync(join(meeting.folder, String(i)), '')
  const deadline = Date.now() + 20_000
  for (let met = 1; met < meeting.workers; met = readdirSync(meeting.folder).length) {
    if (Date.now() > deadline) throw new Error(`task ${i}: only ${met} of ${meeting.workers} tasks ran at once`)
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10)
  }
  return i
}

/** Which worker ran task `i`, as `pid/threadId`. */
export function whereRun(_: null, i: number): { i: number; worker: string } {
  return { i, worker: `${process.pid}/${threadId}` }
}

/**
 * Keeps `mib` MiB of typed arrays alive in the worker for good, as a leaking library
 * would (filled, so the memory is really used), and says where it ran.
 */
export function leak(mib: number, i: number): { i: number; worker: string; last: number } {
  const kept = ((globalThis as { leakedByTasks?: Uint8Array[] }).leakedByTasks ??= [])
  const bytes = new Uint8Array(mib * 2 ** 20).fill(i % 251)
  kept.push(bytes)
  return { i, worker: `${process.pid}/${threadId}`, last: bytes[bytes.length - 1]! }
}
