import { execFile, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// The smoke test of `npm run bench -- --quick`: it completes and writes well-formed
// results. No timing is asserted: speed is what the benchmark reports, not what tests check.
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url))
const out = mkdtempSync(join(tmpdir(), 'multitask-bench-'))
let stdout = ''
// The bullmq contestant runs where redis-server is on the PATH, and is skipped elsewhere.
const hasRedis = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0
const BULLMQ_WORKLOADS = ['trivial', 'fine', 'cpu']

beforeAll(async () => {
  const run = await promisify(execFile)(process.execPath, [cli, '--quick', '--out', out], { maxBuffer: 1 << 24 })
  stdout = run.stdout
}, 600_000)

afterAll(() => rmSync(out, { recursive: true, force: true }))

describe('bench --quick', () => {
  it('writes results.json with every workload, contestant results and the targets', () => {
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'))
    expect(results.tool).toBe('@multitask/bench')
    expect(results.settings.quick).toBe(true)
    expect(results.machine.node).toBe(process.version)
    expect(results.workloads.map((w: { id: string }) => w.id)).toEqual(['trivial', 'fine', 'cpu', 'bigdata', 'fresh', 'runtimes', 'results', 'cold', 'tsmodule', 'scaling', 'uneven', 'recycle', 'memcheck'])
    for (const w of results.workloads) {
      const ours = w.entries.filter((e: { kind: string }) => e.kind === 'ours').map((e: { contestant: string }) => e.contestant)
      expect(ours, w.id).toEqual(expect.arrayContaining(['loky', 'threading']))
      for (const e of w.entries) {
        expect(e.ms.length, `${w.id} ${e.contestant}`).toBeGreaterThan(0)
        for (const ms of e.ms) expect(ms).toBeGreaterThan(0)
      }
    }
    // Every target is listed, measured or not (a missing contestant leaves it unmeasured).
    expect(results.targets).toHaveLength(35)
    expect(results.targets.filter((t: { issue: number }) => t.issue === 19)).toHaveLength(17)
    expect(results.checksumProblems).toEqual([])
  })

  it(`runs multitask bullmq in the trivial, fine and cpu workloads, or skips it with a note (redis-server ${hasRedis ? 'found' : 'missing'})`, () => {
    // In CI (CI=true) the bullmq contestant must run: a missing redis-server fails, never skips.
    if (/^(1|true)$/i.test(process.env.CI ?? '')) expect(hasRedis, 'redis-server on the PATH in CI').toBe(true)
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'))
    for (const w of results.workloads) {
      const ran = w.entries.some((e: { contestant: string }) => e.contestant === 'bullmq')
      const skipped = w.skipped.find((s: { contestant: string }) => s.contestant === 'bullmq')
      if (!BULLMQ_WORKLOADS.includes(w.id)) {
        expect(ran || skipped !== undefined, w.id).toBe(false)
      } else if (hasRedis) {
        expect(ran, w.id).toBe(true)
      } else {
        expect(skipped?.reason, w.id).toMatch(/redis-server/)
      }
    }
    const ours = results.targets.filter((t: { issue: number }) => t.issue === 11)
    expect(ours.map((t: { backend: string }) => t.backend)).toEqual(['bullmq', 'bullmq'])
    for (const t of ours) expect(t.measured === null, t.target).toBe(!hasRedis)
  })

  it('measures peak memory of the process trees in the big-data workloads', () => {
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'))
    for (const id of ['bigdata', 'fresh', 'runtimes']) {
      const w = results.workloads.find((x: { id: string }) => x.id === id)
      for (const e of w.entries) expect(e.peakRssMiB.median, `${id} ${e.contestant}`).toBeGreaterThan(e.baselineRssMiB * 0.5)
    }
  })

  it('times the first call with the array apart from the same array again, once per contestant', () => {
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'))
    for (const id of ['bigdata', 'runtimes']) {
      const w = results.workloads.find((x: { id: string }) => x.id === id)
      const first = w.entries.filter((e: { metric: string }) => e.metric === 'first')
      const again = w.entries.filter((e: { metric: string }) => e.metric === 'time')
      expect(first.map((e: { contestant: string }) => e.contestant), id).toEqual(again.map((e: { contestant: string }) => e.contestant))
      for (const e of first) expect(e.ms, `${id} ${e.contestant}`).toHaveLength(1)
    }
    const md = readFileSync(join(out, 'results.md'), 'utf8')
    expect(md).toContain('**First call with this array**')
    expect(md).toContain('**The same array again**')
  })

  it('runs the Deno and Bun drivers, the hand-batched peers and the TypeScript module calls', () => {
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'))
    const ran = (id: string) => results.workloads.find((w: { id: string }) => w.id === id).entries.map((e: { contestant: string }) => e.contestant)
    for (const id of ['trivial', 'cold', 'runtimes']) expect(ran(id), id).toEqual(expect.arrayContaining(['threading-deno', 'loky-deno', 'threading-bun', 'loky-bun']))
    for (const id of ['trivial', 'fine']) expect(ran(id), id).toEqual(expect.arrayContaining(['tinypool-batched', 'piscina-batched']))
    expect(ran('tsmodule')).toEqual(['serial', 'serial', 'loky', 'loky', 'threading', 'threading'])
    expect(ran('results')).toEqual(expect.arrayContaining(['loky', 'threading', 'tinypool-threads', 'piscina', 'workerpool']))
  })

  it('writes a Markdown report with the machine, the targets and one table per workload', () => {
    const md = readFileSync(join(out, 'results.md'), 'utf8')
    expect(md).toMatch(/^# multitask benchmarks/)
    expect(md).toContain(`Node ${process.version}`)
    expect(md).toContain('## Targets of issues 3 (loky), 4 (threading), 11 (bullmq) and 19 (loky, threading)')
    expect(md.match(/^## /gm)!.length).toBeGreaterThanOrEqual(9)
    for (const table of md.split('\n\n').filter((block) => block.startsWith('| '))) {
      const widths = table.trimEnd().split('\n').map((row) => row.split(/(?<!\\)\|/).length)
      expect(new Set(widths).size, table).toBe(1)
    }
  })

  it('writes an SVG chart', () => {
    const svg = readFileSync(join(out, 'chart.svg'), 'utf8')
    expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/)
    expect(svg.trimEnd()).toMatch(/<\/svg>$/)
    expect(svg).toContain('multitask loky')
    expect(svg).toContain('Scaling')
  })

  it('prints one line per target', () => {
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'))
    expect(stdout.trim().split('\n').filter((line) => line.startsWith('['))).toHaveLength(results.targets.length)
  })
})
