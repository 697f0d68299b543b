import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

// `--check --from results.json`: the targets judged on a stored run, no benchmark run.
// The results are made up, so the verdicts are known.
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'multitask-bench-check-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const entry = (contestant: string, ms: number[]) => ({ contestant, jobs: 2, tasks: 100, metric: 'time', ms, checksum: 0 })

/** A stored run of the 10 µs workload only: loky 2x and threading 1.25x faster than the loop. */
function results(threadingMs: number[]): string {
  const path = join(dir, `results-${threadingMs.join('-')}.json`)
  const workload = {
    id: 'fine',
    params: { node: { iters: 500 }, python: { iters: 100 } },
    entries: [entry('loop', [100, 100]), entry('loky', [50, 50]), entry('threading', threadingMs)],
  }
  const run = { tool: '@multitask/bench', machine: { date: '2026-01-01T00:00:00.000Z' }, settings: { jobs: 2 }, workloads: [workload], targets: [], checksumProblems: [] }
  writeFileSync(path, JSON.stringify(run))
  return path
}

function check(...args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, '--check', ...args], (error, stdout) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout }))
  })
}

describe('bench --check --from', () => {
  it('prints every issue 19 target with its median and range, and fails when one is missed', async () => {
    const { code, stdout } = await check('--from', results([80, 80]))
    expect(code).toBe(1)
    expect(stdout).toContain('[ met ] #19 loky: 50,000 × 10 µs: speedup over series: 2x (2–2x) (>= 1.8x)')
    expect(stdout).toContain('[ MISS] #19 threading: 50,000 × 10 µs: speedup over series: 1.25x (1.25–1.25x) (>= 1.8x)')
    expect(stdout).toMatch(/^check \(issue 19\): 1 met, 1 missed, 15 not measured, of 17 targets\.$/m)
    expect(stdout).toContain('  missed: #19 threading: 50,000 × 10 µs: speedup over series')
  })

  it('passes when every measured target is met (unmeasured ones do not fail it)', async () => {
    const { code, stdout } = await check('--from', results([50, 50]))
    expect(code).toBe(0)
    expect(stdout).toMatch(/^check \(issue 19\): 2 met, 0 missed, 15 not measured, of 17 targets\.$/m)
  })

  it('judges the issues --issues names', async () => {
    const { code, stdout } = await check('--issues', '3,4', '--from', results([50, 50]))
    expect(code).toBe(0)
    expect(stdout).toMatch(/^check \(issues 3, 4\): 2 met, 0 missed, 14 not measured, of 16 targets\.$/m)
  })
})
