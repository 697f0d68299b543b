import { parentPort } from 'node:worker_threads'

type Listener = (message: unknown) => void
interface NodeStylePort {
  on(name: string, listener: Listener): unknown
  off(name: string, listener: Listener): unknown
  addListener(name: string, listener: Listener): unknown
  removeListener(name: string, listener: Listener): unknown
}

/**
 * Makes `parentPort.on('message')` in a thread cost the same on Deno as on Node.
 *
 * Deno's `node:worker_threads` passes every message a thread receives through
 * `parentPort.on` to `patchMessagePortIfFound`, which looks for MessagePorts to patch
 * by walking every own property of the message with `for...in`, every index of every
 * typed array included: 32 MiB of a Float64Array in `args` cost about 1.5 s per thread
 * (as a Uint8Array, 24 s), against 0.5 ms on Node. Our messages carry no MessagePort,
 * so on Deno 'message' listeners go through the port's web-style `addEventListener`
 * (which keeps the worker alive the same way, and delivers the same data) without the
 * walk. Elsewhere (Node, Bun) nothing changes. Call it before anything subscribes
 * (threads.js' `expose`).
 */
export function skipDenoMessagePortWalk(): void {
  const port = parentPort as unknown as (NodeStylePort & EventTarget) | null
  if (!('Deno' in globalThis) || port === null || typeof port.addEventListener !== 'function') return
  const { on, off } = port
  const wrapped = new WeakMap<Listener, (event: Event) => void>()
  port.on = port.addListener = function (this: unknown, name: string, listener: Listener) {
    if (name !== 'message') return on.call(this, name, listener)
    const direct = (event: Event) => listener((event as MessageEvent).data)
    wrapped.set(listener, direct)
    port.addEventListener('message', direct)
    return this
  }
  port.off = port.removeListener = function (this: unknown, name: string, listener: Listener) {
    const direct = name === 'message' ? wrapped.get(listener) : undefined
    if (direct === undefined) return off.call(this, name, listener)
    port.removeEventListener('message', direct)
    wrapped.delete(listener)
    return this
  }
}
