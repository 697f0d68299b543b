import { spawn } from 'node:child_process'
import { connect, createServer } from 'node:net'
import { diesWithUs, lines, own, stop } from './children.js'

/** A private redis-server started by the driver, on a free loopback port. */
export interface LocalRedis {
  readonly url: string
  stop(): Promise<void>
}

/** How long a fresh redis-server may take to answer PING. */
const START_TIMEOUT_MS = 10_000

/**
 * Starts `redis-server` without persistence (nothing to write between rounds, and
 * nothing on disk, so no folder of its own that a killed driver would leave behind)
 * and waits until it answers PING.
 */
export async function startLocalRedis(): Promise<LocalRedis> {
  const port = await freePort()
  // Workers stop when the driver dies (they watch their stdin); redis-server cannot, so the kernel kills it.
  const [command, args] = diesWithUs('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'])
  const child = own(spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] }))
  const stdout = lines(child.stdout!)
  const stderr = lines(child.stderr!)
  const done = () => stop(child)
  try {
    await untilPong(port, () => child.exitCode !== null || child.signalCode !== null)
  } catch (error) {
    await done()
    throw new Error(`redis-server did not start on port ${port}: ${(error as Error).message}\n${stdout()}\n${stderr()}`.trim())
  }
  return { url: `redis://127.0.0.1:${port}`, stop: done }
}

/** A port no one listens on now (the kernel's pick); redis-server takes it right after. */
async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** Polls until the server answers PING: listening alone does not mean it serves commands yet. */
async function untilPong(port: number, gone: () => boolean): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS
  while (Date.now() < deadline) {
    if (gone()) throw new Error('it exited')
    if (await pong(port)) return
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error(`no PONG within ${START_TIMEOUT_MS / 1000} s`)
}

function pong(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    const finish = (ok: boolean) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(1_000, () => finish(false))
    socket.once('error', () => finish(false))
    socket.once('connect', () => socket.write('PING\r\n'))
    socket.on('data', (data) => finish(data.toString().startsWith('+PONG')))
  })
}
