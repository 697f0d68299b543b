import { CommanderError } from 'commander'
import { ExitCode } from './exit-codes.js'
import { buildProgram } from './program.js'

let exitCode: ExitCode = ExitCode.ok
const program = buildProgram((code) => (exitCode = code))
try {
  await program.parseAsync(process.argv)
} catch (error) {
  if (!(error instanceof CommanderError)) throw error
  // --help and --version end through here too, with exit code 0; every other parse error is a usage error.
  exitCode = error.exitCode === 0 ? ExitCode.ok : ExitCode.usage
}
process.exitCode = exitCode
// An idle worker pool never keeps the process alive; this is the guard should anything else.
setTimeout(() => process.exit(exitCode), 2_000).unref()
