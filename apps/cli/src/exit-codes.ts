/** The exit codes of the `multitask` command, as documented in `--help` and the README. */
export const ExitCode = {
  /** Every task ran and the results were written. */
  ok: 0,
  /** A task failed (threw, timed out, or its worker died), or a result could not be written. */
  taskFailed: 1,
  /** The command line was wrong: an unknown option, a bad value, a missing module or export. */
  usage: 2,
  /** Stopped by Ctrl-C (SIGINT): 128 + the signal number, as shells report it. */
  interrupted: 130,
} as const

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode]
