// A driver process: hosts one Node contestant and runs the runner's commands
// (`node dist/driver.js <contestant>`). Timing happens here, around the call alone.
import { performance } from 'node:perf_hooks'
import { createInterface } from 'node:readline'
import { NODE_CONTESTANTS } from './contestants/index.js'
import { REPLY_PREFIX, type Command, type Reply } from './protocol.js'
import { buildArgs } from './tasks.js'

const id = process.argv[2] ?? ''
const make = NODE_CONTESTANTS[id]
if (!make) {
  console.error(`Unknown contestant ${JSON.stringify(id)}; known: ${Object.keys(NODE_CONTESTANTS).join(', ')}.`)
  process.exit(2)
}
const contestant = make()
let lastJobs: number | null = null

const reply = (message: Reply) => process.stdout.write(REPLY_PREFIX + JSON.stringify(message) + '\n')

async function handle(command: Command): Promise<boolean> {
  if (command.cmd === 'close') {
    await contestant.close()
    reply({ id: command.id, closed: true })
    return false
  }
  const args = buildArgs(command.task, command.params, contestant.sharesMemory)
  if (!command.cold && command.jobs !== lastJobs) {
    // A new pool size: start the workers untimed, as a long-lived program would have them.
    await contestant.run('trivial', command.jobs * 4, command.jobs, buildArgs('trivial', {}))
  }
  lastJobs = command.jobs
  const start = performance.now()
  const results = await contestant.run(command.task, command.n, command.jobs, args)
  const ms = performance.now() - start
  let checksum = 0
  for (const value of results) checksum += value as number
  reply({ id: command.id, ms, count: results.length, checksum })
  return true
}

reply({ ready: true, version: process.version })
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
