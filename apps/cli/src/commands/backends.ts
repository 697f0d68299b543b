import { cpuCount, defaultBackend, packageForBackend } from '@multitask/core'
import { ExitCode } from '../exit-codes.js'
import { describeFileMapping, installedBackends, lokyFileMapping } from '../installed.js'

const KINDS: Readonly<Record<string, string>> = {
  loky: 'worker processes',
  threading: 'worker threads, shared memory',
  serial: 'in series, in this process',
  bullmq: 'BullMQ workers, any machines',
  sequential: 'in series (alias of serial)',
}

/**
 * `multitask backends`: the backends that can be used here (the bundled ones and any
 * `@multitask/<name>` named by MULTITASK_BACKEND), the default for parallel runs and
 * why, and the CPU count.
 */
export async function listBackends(options: { json?: boolean }): Promise<ExitCode> {
  const installed = await installedBackends()
  const choice = await defaultBackend()
  const cpus = cpuCount()
  const mapping = installed.includes('loky') ? await lokyFileMapping() : undefined
  if (options.json) {
    const backends = installed.map((name) => ({
      name,
      package: packageForBackend(name),
      kind: KINDS[name] ?? null,
      ...(name === 'loky' ? { largeArguments: mapping } : {}),
    }))
    process.stdout.write(`${JSON.stringify({ backends, default: choice, cpus })}\n`)
    return ExitCode.ok
  }
  const width = Math.max(...installed.map((name) => name.length))
  const lines = ['Installed backends:']
  for (const name of installed) {
    const mark = name === choice.name ? '  (default)' : ''
    lines.push(`  ${name.padEnd(width)}  ${(KINDS[name] ?? 'registered backend').padEnd(30)} ${packageForBackend(name)}${mark}`)
  }
  lines.push(
    choice.name === null
      ? `Default for parallel runs: none, so they run in series (${choice.reason})`
      : `Default for parallel runs: ${choice.name} (${choice.reason})`,
    `CPUs: ${cpus}`,
  )
  if (mapping !== undefined) lines.push(describeFileMapping(mapping))
  process.stdout.write(`${lines.join('\n')}\n`)
  return ExitCode.ok
}
