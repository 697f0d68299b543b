import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { cli, FIXTURES, TASKS } from './helpers.js'

const tmp = mkdtempSync(join(tmpdir(), 'multitask-cli-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

const json = (stdout: string): unknown => JSON.parse(stdout)
const lines = (stdout: string): unknown[] => stdout.trim().split('\n').map((line) => JSON.parse(line))

describe('multitask run: items', () => {
  it('runs an export over --range and prints one JSON array on stdout, nothing on stderr', async () => {
    const { code, stdout, stderr } = await cli(['run', `${TASKS}#square`, '--range', '0:10'])
    expect(code).toBe(0)
    expect(json(stdout)).toEqual([0, 1, 4, 9, 16, 25, 36, 49, 64, 81])
    expect(stderr).toBe('')
  })

  it('reads --range start:stop:step like Python, counting down too', async () => {
    expect(json((await cli(['run', `${TASKS}#square`, '--range', '1:10:3'])).stdout)).toEqual([1, 16, 49])
    expect(json((await cli(['run', `${TASKS}#square`, '--range', '3:-1:-2'])).stdout)).toEqual([9, 1])
    expect(json((await cli(['run', `${TASKS}#square`, '--range', '5:5'])).stdout)).toEqual([])
  })

  it('uses the default export when no #export is given, and a path relative to the working directory', async () => {
    const { code, stdout } = await cli(['run', 'tasks.mjs', '--range', '0:3'], { cwd: FIXTURES })
    expect(code).toBe(0)
    expect(json(stdout)).toEqual([0, 2, 4])
  })

  it('reads --items from a JSON array file and from an NDJSON file', async () => {
    writeFileSync(join(tmp, 'items.json'), '[1, 2, 3]')
    writeFileSync(join(tmp, 'items.ndjson'), '4\n\n5\n6\n')
    expect(json((await cli(['run', `${TASKS}#square`, '--items', join(tmp, 'items.json')])).stdout)).toEqual([1, 4, 9])
    expect(json((await cli(['run', `${TASKS}#square`, '--items', join(tmp, 'items.ndjson')])).stdout)).toEqual([16, 25, 36])
  })

  it('reads NDJSON and JSON arrays from standard input with --items -', async () => {
    const objects = '{"x":1}\n{"x":2}\n'
    const { code, stdout } = await cli(['run', `${TASKS}#affine`, '--items', '-', '--args', '1', '--kwargs', '{"offset":0}'], {
      input: '3\n4\n',
    })
    expect(code).toBe(0)
    expect(json(stdout)).toEqual([3, 4])
    expect(json((await cli(['run', TASKS, '--items', '-'], { input: '[5,6]' })).stdout)).toEqual([10, 12])
    expect(json((await cli(['run', `${TASKS}#chatty`, '--items', '-', '-q'], { input: objects })).stdout)).toEqual([{ x: 1 }, { x: 2 }])
  })
})

describe('multitask run: arguments', () => {
  it('passes --args inline (form 1) and from @file', async () => {
    writeFileSync(join(tmp, 'args.json'), '[100, 200, 300]')
    expect(json((await cli(['run', `${TASKS}#addTen`, '--range', '0:5', '--args', '[0,1,2,3,4]'])).stdout)).toEqual([10, 11, 12, 13, 14])
    expect(json((await cli(['run', `${TASKS}#addTen`, '--range', '0:3', '--args', `@${join(tmp, 'args.json')}`])).stdout)).toEqual([
      110, 210, 310,
    ])
  })

  it('calls form 2, fn(args, kwargs, item), when --kwargs is given, inline or from @file', async () => {
    writeFileSync(join(tmp, 'kwargs.json'), '{"offset": 1000}')
    expect(json((await cli(['run', `${TASKS}#affine`, '--range', '0:3', '--args', '2', '--kwargs', '{"offset":1}'])).stdout)).toEqual([1, 3, 5])
    expect(json((await cli(['run', `${TASKS}#affine`, '--range', '0:2', '--args', '3', '--kwargs', `@${join(tmp, 'kwargs.json')}`])).stdout)).toEqual([
      1000, 1003,
    ])
  })

  it('leaves out the items of --skip, given as positions or as @file of positions or booleans', async () => {
    writeFileSync(join(tmp, 'skip.json'), '[0, 4]')
    writeFileSync(join(tmp, 'mask.json'), '[true, false, false, true, false]')
    writeFileSync(join(tmp, 'skip.txt'), '1\n2\n')
    const run = async (skip: string) => json((await cli(['run', `${TASKS}#square`, '--range', '0:5', '--skip', skip])).stdout)
    expect(await run('1,3')).toEqual([0, 4, 16])
    expect(await run(`@${join(tmp, 'skip.json')}`)).toEqual([1, 4, 9])
    expect(await run(`@${join(tmp, 'mask.json')}`)).toEqual([1, 4, 16])
    expect(await run(`@${join(tmp, 'skip.txt')}`)).toEqual([0, 9, 16])
  })

  it('runs TypeScript task modules', async () => {
    const { code, stdout, stderr } = await cli(['run', `${FIXTURES}tasks.ts#measure`, '--range', '1:4', '--args', '{"factor":2}'])
    expect(stderr).toBe('')
    expect(code).toBe(0)
    expect(json(stdout)).toEqual(['2m', '4m', '6m'])
  })

  it('writes undefined results as null', async () => {
    expect((await cli(['run', `${TASKS}#nothing`, '--range', '0:2'])).stdout).toBe('[null,null]\n')
  })
})

describe('multitask run: output', () => {
  it('streams --ndjson in input order although later tasks finish first', async () => {
    const { code, stdout } = await cli(['run', `${TASKS}#reverseSleep`, '--range', '0:6', '--args', '6', '--jobs', '3', '--backend', 'threading', '--ndjson'])
    expect(code).toBe(0)
    expect(stdout).toBe('0\n1\n2\n3\n4\n5\n')
  })

  it('writes --ndjson results as soon as they are ready, before the run ends', async () => {
    const { start, waitFor, finished } = await import('./helpers.js')
    const gate = join(tmp, 'gate')
    const child = start(['run', `${TASKS}#gate`, '--range', '0:3', '--args', JSON.stringify(gate), '--ndjson'])
    const done = finished(child)
    await waitFor(child, 'stdout', '0\n') // task 1 waits for the gate file: the run cannot have ended
    expect(child.exitCode).toBeNull()
    writeFileSync(gate, '')
    const { code, stdout } = await done
    expect(code).toBe(0)
    expect(lines(stdout)).toEqual([0, 1, 2])
  })

  it('writes to --out, JSON array or NDJSON, leaving stdout empty', async () => {
    const out = join(tmp, 'out.json')
    const outNd = join(tmp, 'out.ndjson')
    const a = await cli(['run', `${TASKS}#square`, '--range', '0:4', '--out', out])
    const b = await cli(['run', `${TASKS}#square`, '--range', '0:4', '-o', outNd, '--ndjson'])
    expect([a.code, a.stdout, b.code, b.stdout]).toEqual([0, '', 0, ''])
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual([0, 1, 4, 9])
    expect(readFileSync(outNd, 'utf8')).toBe('0\n1\n4\n9\n')
  })

  it('sends what tasks log to stderr, in task order, in series and in workers; --quiet drops it', async () => {
    const expected = [0, 1, 2, 3].map((x) => `log of task ${x}`).join('\n') + '\n'
    for (const extra of [[], ['--jobs', '2', '--backend', 'loky'], ['--jobs', '2', '--backend', 'threading']]) {
      const { code, stdout, stderr } = await cli(['run', `${TASKS}#chatty`, '--range', '0:4', ...extra])
      expect(code).toBe(0)
      expect(json(stdout)).toEqual([0, 1, 2, 3])
      expect(stderr).toBe(expected)
    }
    const quiet = await cli(['run', `${TASKS}#chatty`, '--range', '0:4', '--quiet', '--jobs', '2'])
    expect([quiet.code, quiet.stderr]).toEqual([0, ''])
  })

  it('--verbose names the backend and worker count, and ends with a timing summary', async () => {
    const { code, stderr } = await cli(['run', `${TASKS}#square`, '--range', '0:8', '--jobs', '2', '--verbose'])
    expect(code).toBe(0)
    expect(stderr).toMatch(/over 8 tasks \(range 0:8:1\) on loky \(default: preferred of those installed: loky > threading\) with 2 workers; \d+ CPUs/)
    expect(stderr).toMatch(/multitask: 8 tasks in \d+\.\d\d s \([\d.]+ tasks\/s\)/)
    const series = await cli(['run', `${TASKS}#square`, '--range', '0:8', '-v'])
    expect(series.stderr).toMatch(/over 8 tasks .* in series/)
  })
})

describe('multitask run: backends and options', () => {
  it.each([
    [['--backend', 'serial'], /in series/],
    [['--backend', 'threading', '--jobs', '2'], /on threading \(--backend\) with 2 workers/],
    [['--backend', 'loky', '--jobs', '2'], /on loky \(--backend\) with 2 workers/],
    [['--jobs', '2', '--force-threading'], /on threading \(--force-threading\) with 2 workers/],
    [['--jobs', '2', '--force-processes'], /on loky \(--force-processes\) with 2 workers/],
    [['--jobs', '-1', '--backend', 'threading', '--max-nbytes', '1K'], /on threading \(--backend\) with \d+ workers/],
    [['--jobs', '2', '--max-nbytes', 'none'], /on loky/],
  ])('%j gives the same results', async (options, plan) => {
    const { code, stdout, stderr } = await cli(['run', `${TASKS}#addTen`, '--range', '0:5', '--args', '[0,1,2,3,4]', '-v', ...options])
    expect(code).toBe(0)
    expect(json(stdout)).toEqual([10, 11, 12, 13, 14])
    expect(stderr).toMatch(plan)
  })

  it('--max-tasks-per-worker replaces workers, and --verbose says how many and why (issue 20)', async () => {
    const args = ['run', `${TASKS}#addTen`, '--range', '0:8', '--args', '[0,1,2,3,4,5,6,7]', '--jobs', '2', '-v']
    for (const backend of ['--force-threading', '--force-processes']) {
      const { code, stdout, stderr } = await cli([...args, backend, '--max-tasks-per-worker', '2', '--worker-memory-limit', '4G', '--idle-timeout', '1000'])
      expect(code, stderr).toBe(0)
      expect(json(stdout)).toEqual([10, 11, 12, 13, 14, 15, 16, 17])
      expect(stderr).toMatch(/multitask: [4-8] workers replaced \([4-8] after --max-tasks-per-worker tasks, 0 past --worker-memory-limit\)/)
    }
  })

  it('lets tasks within --timeout finish', async () => {
    const { code, stdout } = await cli(['run', `${TASKS}#sleep`, '--range', '0:3', '--args', '10', '--jobs', '2', '--backend', 'threading', '--timeout', '20000'])
    expect(code).toBe(0)
    expect(json(stdout)).toEqual([0, 1, 2])
  })
})
