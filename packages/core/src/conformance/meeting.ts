import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { multitask, taskModule } from '../index.js'
import type { ConformanceDriver } from './driver.js'

const meet = taskModule<(meeting: { folder: string; workers: number }, i: number) => number>(
  new URL('./fixture-tasks.js', import.meta.url),
  'meet',
)

/**
 * Runs `nJobs` tasks that each wait for all the others (a barrier through a temp folder):
 * it resolves only when the backend runs `nJobs` tasks at once, on as many free workers.
 */
export async function meetOnEveryWorker(driver: ConformanceDriver): Promise<number[]> {
  const folder = mkdtempSync(join(tmpdir(), 'conformance-meeting-'))
  try {
    const { nJobs } = driver.options
    return await driver.within(() => multitask(meet, Array.from({ length: nJobs }, (_, i) => i), { folder, workers: nJobs }, null))
  } finally {
    rmSync(folder, { recursive: true, force: true })
  }
}
