#!/usr/bin/env node
// `npm run bench` (or `node tools/bench/dist/cli.js [--quick] [--rounds N] [--warmups N]
// [--jobs N] [--only id,id] [--out DIR] [--check [--issues 19] [--from results.json]]`):
// runs the workloads, writes results.json, results.md and chart.svg, and prints the
// targets; `--check` fails the command when a target is missed.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { calibrateNode } from './calibrate.js'
import { DriverClient } from './driver-client.js'
import { num } from './format.js'
import { findPython, findRedisServer, findRuntime, machineInfo } from './machine.js'
import { renderChart } from './report-chart.js'
import { renderMarkdown } from './report-markdown.js'
import { assemble, type BenchResults } from './results.js'
import { runWorkload, type WorkloadResult } from './runner.js'
import { judge, targetLine } from './targets/check.js'
import { checkTargets, type TargetCheck } from './targets/index.js'
import { buildWorkloads } from './workloads/index.js'

// Nx forwards flags as `--quick=true`; accept that spelling of the booleans too.
const argv = process.argv.slice(2).flatMap((arg) => {
  const flag = /^--(quick|verbose|check)=(true|false)$/.exec(arg)
  return flag ? (flag[2] === 'true' ? [`--${flag[1]}`] : []) : [arg]
})
const { values } = parseArgs({
  args: argv,
  options: {
    quick: { type: 'boolean', default: false },
    rounds: { type: 'string' },
    warmups: { type: 'string' },
    jobs: { type: 'string', default: '2' },
    only: { type: 'string' },
    out: { type: 'string' },
    verbose: { type: 'boolean', default: false },
    check: { type: 'boolean', default: false },
    issues: { type: 'string', default: '19' },
    from: { type: 'string' },
  },
})

function positiveInt(value: string | undefined, name: string, fallback: number, min = 1): number {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n < min) throw new RangeError(`--${name} must be an integer >= ${min}; received ${JSON.stringify(value)}.`)
  return n
}

/** `--issues 19,4` or `all` (null). */
function issueSet(value: string): Set<number> | null {
  if (value === 'all') return null
  const issues = value.split(',').map(Number)
  if (issues.some((n) => !Number.isInteger(n))) throw new TypeError(`--issues takes issue numbers separated by commas, or all; received ${JSON.stringify(value)}.`)
  return new Set(issues)
}

const quick = values.quick
const rounds = positiveInt(values.rounds, 'rounds', quick ? 2 : 4)
const warmups = positiveInt(values.warmups, 'warmups', quick ? 0 : 1, 0)
const jobs = positiveInt(values.jobs, 'jobs', 2)
const issues = issueSet(values.issues)
if (values.from !== undefined && !values.check) throw new TypeError(`--from reads a results.json to check it: it needs --check; received --from ${values.from} alone.`)
// Through the root's `npm run bench`, Nx runs this in tools/bench: relative paths are the workspace root's, where that command runs.
const cwd = process.env.npm_lifecycle_event === 'bench' && process.env.NX_WORKSPACE_ROOT ? process.env.NX_WORKSPACE_ROOT : process.cwd()
const log = (line: string) => process.stderr.write(line + '\n')
const echo = values.verbose ? log : () => {}

const report = values.from === undefined ? await runAndWrite() : readResults(resolve(cwd, values.from))
const targets: readonly TargetCheck[] = report.targets
for (const t of targets) console.log(targetLine(t))
for (const p of report.checksumProblems) console.log(`checksum mismatch: ${p}`)
if (report.checksumProblems.length > 0) process.exitCode = 1
if (values.check) {
  if (report.settings.quick) log('Note: a --quick run has small sizes and few rounds; its verdicts say little about the targets.')
  const { summary, failed } = judge(targets, issues)
  console.log(summary)
  if (failed) process.exitCode = 1
}

/** A results.json of an earlier run, its targets judged again with today's definitions. */
function readResults(path: string): BenchResults {
  const stored = JSON.parse(readFileSync(path, 'utf8')) as BenchResults
  if (stored.tool !== '@multitask/bench') throw new TypeError(`--from must name a results.json written by this benchmark; ${path} is not one.`)
  log(`Checking ${path} (run of ${stored.machine.date}).`)
  return { ...stored, targets: checkTargets(stored.workloads.map((w) => ({ workload: w, entries: w.entries })), stored.settings.jobs) }
}

async function runAndWrite(): Promise<BenchResults> {
  const all = buildWorkloads({ quick, jobs, cpuCount: 1, iters: { node: 1, python: 1 } }).map((w) => w.id)
  const only = values.only?.split(',')
  const unknown = only?.filter((id) => !all.includes(id)) ?? []
  if (unknown.length > 0) throw new TypeError(`--only takes workload ids (${all.join(', ')}); received ${unknown.join(', ')}.`)
  // A quick smoke run must not overwrite the committed report of a full run: it writes to a temp folder.
  const out = resolve(cwd, values.out ?? (quick ? join(tmpdir(), 'multitask-bench-quick') : fileURLToPath(new URL('../../../docs/bench/', import.meta.url))))

  const python = findPython()
  const redis = findRedisServer()
  const deno = findRuntime('deno')
  const bun = findRuntime('bun')
  const missing = {
    ...(redis.version === null ? { 'redis-server': redis.reason } : {}),
    ...(deno.path === null ? { deno: deno.reason } : {}),
    ...(bun.path === null ? { bun: bun.reason } : {}),
  }
  if (python.python === null) log(`Note: joblib is skipped: ${python.reason}.`)
  for (const [program, reason] of Object.entries(missing)) log(`Note: what needs ${program} is skipped: ${reason}.`)
  const machine = machineInfo({
    python: python.python === null ? null : python.version,
    redis: redis.version,
    deno: deno.path === null ? null : deno.version,
    bun: bun.path === null ? null : bun.version,
  })

  log('Calibrating the CPU-bound task...')
  const pythonIters = python.python === null ? null : await calibratePython(python.python)
  const iters = { node: calibrateNode(1), python: pythonIters ?? 1 }
  log(`  spin: ${iters.node} iterations per ms in Node, ${pythonIters ?? '–'} in Python`)

  const workloads = buildWorkloads({ quick, jobs, cpuCount: machine.cpuCount, iters }).filter((w) => !only || only.includes(w.id))
  const programs = { python: pythonIters === null ? null : python.python, deno: deno.path, bun: bun.path }
  const results: WorkloadResult[] = []
  const started = Date.now()
  for (const w of workloads) {
    log(`${w.title} (${w.contestants.length} contestants, ${warmups} warm-up + ${w.rounds ?? rounds} rounds)`)
    const result = await runWorkload(w, { rounds, warmups, programs, missing, log, echo })
    for (const s of result.skipped) log(`  skipped ${s.contestant}: ${s.reason}`)
    log(`  ${w.id}: ${num(result.seconds)} s`)
    results.push(result)
  }

  const report = assemble(results, machine, {
    quick,
    rounds,
    warmups,
    jobs,
    spinItersPerMs: { node: iters.node, python: pythonIters },
    pythonNote: python.python === null ? python.reason : null,
  })
  mkdirSync(out, { recursive: true })
  writeFileSync(join(out, 'results.json'), JSON.stringify(report, null, 2) + '\n')
  writeFileSync(join(out, 'results.md'), renderMarkdown(report, 'chart.svg'))
  writeFileSync(join(out, 'chart.svg'), await renderChart(report))
  log(`\nDone in ${num((Date.now() - started) / 1000)} s; wrote ${join(out, 'results.{json,md}')} and chart.svg.`)
  return report
}

async function calibratePython(python: string): Promise<number | null> {
  const driver = new DriverClient('python-loop', { command: python, args: [fileURLToPath(new URL('./python/joblib_bench.py', import.meta.url)), 'loop'] }, echo)
  try {
    await driver.ready
    return await driver.calibrate(1)
  } catch (error) {
    log(`  Python calibration failed (${(error as Error).message}); joblib is skipped.`)
    return null
  } finally {
    await driver.close()
  }
}
