import cliProgress from 'cli-progress'
import type { Progress } from '@multitask/core'
import { formatSeconds, RateClock } from './eta.js'

/** The progress display of a run, and the one path by which text reaches stderr while it shows. */
export interface ProgressDisplay {
  /** For multitask's `onProgress`. */
  readonly onProgress: ((progress: Progress) => void) | undefined
  /** Writes a line to stderr above the bar (or plainly, without one). */
  log(line: string): void
  /** Draws the final state and gives the terminal back. */
  stop(): void
}

/**
 * A progress bar on stderr with the count, the rate and the ETA, drawn by cli-progress,
 * when `enabled` (stderr is a terminal and neither `--no-progress` nor `--quiet` was
 * given); otherwise only the logging path.
 */
export function createProgress(enabled: boolean, total: number): ProgressDisplay {
  const plain: ProgressDisplay = {
    onProgress: undefined,
    log: (line) => process.stderr.write(`${line}\n`),
    stop: () => undefined,
  }
  if (!enabled || total === 0) return plain
  const bars = new cliProgress.MultiBar(
    {
      stream: process.stderr,
      format: '{bar} {percentage}% | {value}/{total} tasks | {rate}/s | ETA {timeLeft}',
      barCompleteChar: '\u2588',
      barIncompleteChar: '\u2591',
      hideCursor: true,
      clearOnComplete: false,
      gracefulExit: false, // Ctrl-C is the run's to handle: it aborts the tasks first
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  )
  // cli-progress's own ETA counts from the bar's creation, worker start-up included.
  const clock = new RateClock(total)
  const bar = bars.create(total, 0, { rate: '-', timeLeft: '-' })
  let stopped = false
  return {
    onProgress: ({ done, elapsedMs }) => {
      if (stopped) return
      const estimate = clock.update(done, elapsedMs)
      bar.update(done, estimate === undefined ? {} : { rate: formatRate(estimate.rate), timeLeft: formatSeconds(estimate.etaSeconds) })
    },
    log: (line) => {
      if (stopped) process.stderr.write(`${line}\n`)
      else bars.log(`${line}\n`)
    },
    stop: () => {
      if (stopped) return
      bars.update() // flush lines logged since the last redraw
      bars.stop()
      stopped = true
    },
  }
}

function formatRate(rate: number): string {
  return rate >= 100 ? rate.toFixed(0) : rate.toFixed(1)
}
