// A driver process: hosts one JavaScript contestant and runs the runner's commands
// (`node dist/driver.js <contestant>`; Deno and Bun run this same file). Timing happens
// here, around the call alone. Only node: modules and the contestant's own libraries are
// used, so the file runs unchanged on the three runtimes.
import { performance } from 'node:perf_hooks'
import { createInterface } from 'node:readline'
import { DRIVER_CONTESTANTS } from './contestants/index.js'
import { REPLY_PREFIX, type Command, type Reply } from './protocol.js'
import { buildArgs } from './task-args.js'

const id = process.argv[2] ?? ''
const load = DRIVER_CONTESTANTS[id]
if (!load) {
  console.error(`Unknown contestant ${JSON.stringify(id)}; known: ${Object.keys(DRIVER_CONTESTANTS).join(', ')}.`)
  process.exit(2)
}
// Each driver loads only its contestant's libraries, which keeps its memory figures its own.
const contestant = await load()
let lastJobs: number | null = null
let prepared: { key: string; args: unknown } | null = null

const reply = (message: Reply) => process.stdout.write(REPLY_PREFIX + JSON.stringify(message) + '\n')
const { Deno, Bun } = globalThis as { Deno?: { version: { deno: string } }; Bun?: { version: string } }
const version = Deno ? `Deno ${Deno.version.deno}` : Bun ? `Bun ${Bun.version}` : `Node ${process.version}`

async function handle(command: Command): Promise<boolean> {
  if (command.cmd === 'close') {
    await contestant.close()
    reply({ id: command.id, closed: true })
    return false
  }
  const key = JSON.stringify([command.task, command.params])
  if (command.cmd === 'prepare') {
    prepared = { key, args: buildArgs(command.task, command.params, contestant.sharesMemory) }
    reply({ id: command.id, prepared: true })
    return true
  }
  const args = prepared?.key === key ? prepared.args : buildArgs(command.task, command.params, contestant.sharesMemory)
  prepared = null
  if (!command.cold && command.jobs !== lastJobs) {
    // A new pool size: start the workers untimed, as a long-lived program would have them.
    if (contestant.warmUp) await contestant.warmUp(command.jobs)
    else await contestant.run('trivial', command.jobs * 4, command.jobs, buildArgs('trivial', {}))
  }
  lastJobs = command.jobs
  const start = performance.now()
  const results = await contestant.run(command.task, command.n, command.jobs, args)
  const ms = performance.now() - start
  reply({ id: command.id, ms, count: results.length, checksum: checksum(results) })
  return true
}

/** The sum of the results; an array result adds the sum of its elements. */
function checksum(results: readonly unknown[]): number {
  let sum = 0
  for (const value of results) {
    if (value instanceof Float64Array) for (let k = 0; k < value.length; k++) sum += value[k]!
    else sum += value as number
  }
  return sum
}

reply({ ready: true, version })
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === '') continue
  const command = JSON.parse(line) as Command
  let more = true
  try {
    more = await handle(command)
  } catch (error) {
    reply({ id: command.id, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) })
  }
  if (!more) break
}
// Peers' pools may keep handles; the runner wants the driver gone once it said it closed.
process.exit(0)
