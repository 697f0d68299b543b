import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { cli, FIXTURES, TASKS } from './helpers.js'

const tmp = mkdtempSync(join(tmpdir(), 'multitask-cli-errors-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

describe('exit code 1: a task failed', () => {
  it.each([
    ['in series', []],
    ['on loky', ['--jobs', '2', '--backend', 'loky']],
    ['on threading', ['--jobs', '2', '--backend', 'threading']],
  ])('reports the message, the task index and the stack of the failing task %s', async (_, options) => {
    const { code, stdout, stderr } = await cli(['run', `${TASKS}#failAtThree`, '--range', '0:6', ...options])
    expect(code).toBe(1)
    expect(stdout).toBe('') // no half-written array
    const [first, ...stack] = stderr.trimEnd().split('\n')
    expect(first).toBe('multitask: task 3 failed: RangeError: bad item 3')
    expect(stack[0]).toMatch(/^ {4}at failAtThree \(.*tasks\.mjs:\d+:\d+\)$/)
  })

  it('names the input item too when --skip shifts the task indices', async () => {
    const { code, stderr } = await cli(['run', `${TASKS}#failAtThree`, '--range', '0:6', '--skip', '0'])
    expect(code).toBe(1)
    expect(stderr).toMatch(/^multitask: task 2 \(input item 3\) failed: RangeError: bad item 3\n/)
  })

  it('fails a task that runs past --timeout, naming it', async () => {
    const { code, stderr } = await cli(['run', `${TASKS}#spin`, '--range', '0:2', '--args', '20000', '--jobs', '2', '--backend', 'loky', '--timeout', '300'])
    expect(code).toBe(1)
    expect(stderr).toMatch(/^multitask: task [01] failed: TimeoutError: Task [01] did not finish within 300 ms\./)
  })

  it('fails a run whose result is not JSON-serializable, naming the task', async () => {
    const { code, stdout, stderr } = await cli(['run', `${TASKS}#bigint`, '--range', '0:2'])
    expect([code, stdout]).toEqual([1, ''])
    expect(stderr).toMatch(/^multitask: The result of task 0 is not JSON-serializable \(.*BigInt.*\); a task run from the command line must return JSON data\.\n$/)
  })
})

describe('exit code 2: usage errors, each one line', () => {
  writeFileSync(join(tmp, 'bad.ndjson'), '1\n{oops\n')
  writeFileSync(join(tmp, 'bad.json'), '[1, 2')
  const cases: Array<[string, string[], RegExp, string?]> = [
    ['an unknown option', ['run', TASKS, '--range', '0:2', '--bogus'], /^multitask: unknown option '--bogus'/],
    ['an unknown command', ['walk'], /^multitask: unknown command 'walk'/],
    ['a missing module', ['run', 'nope/missing.mjs', '--range', '0:2'], /^multitask: The task module .*nope\/missing\.mjs does not exist\. Check the path\.$/],
    ['a missing export', ['run', `${TASKS}#nope`, '--range', '0:2'], /^multitask: The task module .*tasks\.mjs has no function export "nope" \(its function exports: .*square.*\)/],
    // Issue 17: a CLI user picks the export with #export; the library's `name` means nothing here.
    ['a missing export, and how to pick one', ['run', `${TASKS}#nope`, '--range', '0:2'], /\)\. Pick one with #<export>, e\.g\. tasks\.mjs#\w+\.$/],
    ['an export that is not a function', ['run', `${TASKS}#notAFunction`, '--range', '0:2'], /has no function export "notAFunction"/],
    ['an empty export name', ['run', `${TASKS}#`, '--range', '0:2'], /^multitask: The export name is missing after "#"/],
    ['malformed --args JSON', ['run', TASKS, '--range', '0:2', '--args', '{x:1}'], /^multitask: --args "\{x:1\}" is not valid JSON: /],
    ['malformed --kwargs file', ['run', TASKS, '--range', '0:2', '--kwargs', `@${join(tmp, 'bad.json')}`], /^multitask: --kwargs file .*bad\.json is not valid JSON/],
    ['a missing @file', ['run', TASKS, '--range', '0:2', '--args', '@/nonexistent/args.json'], /^multitask: --args: cannot read \/nonexistent\/args\.json: ENOENT/],
    ['malformed NDJSON items', ['run', TASKS, '--items', join(tmp, 'bad.ndjson')], /^multitask: --items .*bad\.ndjson, line 2, is not valid JSON/],
    ['a malformed JSON array on stdin', ['run', TASKS, '--items', '-'], /^multitask: --items standard input is not valid JSON/, '[1,'],
    ['a --range without a colon', ['run', TASKS, '--range', '10'], /^multitask: --range must be start:stop or start:stop:step with integers .* received "10"\.$/],
    ['a --range with a fraction', ['run', TASKS, '--range', '0:1.5'], /^multitask: --range must be start:stop/],
    ['a --range step of 0', ['run', TASKS, '--range', '0:5:0'], /^multitask: --range step must not be 0; received "0:5:0"\.$/],
    ['no items', ['run', TASKS], /^multitask: Give the items with --range start:stop\[:step\] or --items <file\|->\.$/],
    ['both --range and --items', ['run', TASKS, '--range', '0:2', '--items', '-'], /^multitask: Give either --range or --items, not both\.$/],
    ['a non-integer --jobs', ['run', TASKS, '--range', '0:2', '--jobs', 'many'], /--jobs must be an integer; received "many"/],
    ['a zero --timeout', ['run', TASKS, '--range', '0:2', '--timeout', '0'], /--timeout must be between 1 and/],
    ['a bad --max-nbytes', ['run', TASKS, '--range', '0:2', '--max-nbytes', '1MB'], /^multitask: --max-nbytes must be a byte count, a size like 1M, 512K or 2G, or "none"; received "1MB"\.$/],
    ['a --worker-memory-limit that is not a size', ['run', TASKS, '--range', '0:2', '--worker-memory-limit', '12 apples'], /--worker-memory-limit must be a number of bytes or a size such as 512M, '512 MiB', '1.5 GiB' or 2G; received "12 apples"\.$/],
    ['a negative --worker-memory-limit', ['run', TASKS, '--range', '0:2', '--worker-memory-limit', '-1M'], /--worker-memory-limit must be .* received "-1M"/],
    ['a zero --max-tasks-per-worker', ['run', TASKS, '--range', '0:2', '--max-tasks-per-worker', '0'], /--max-tasks-per-worker must be between 1 and/],
    ['a fractional --max-tasks-per-worker', ['run', TASKS, '--range', '0:2', '--max-tasks-per-worker', '2.5'], /--max-tasks-per-worker must be an integer; received "2.5"/],
    ['a negative --idle-timeout', ['run', TASKS, '--range', '0:2', '--idle-timeout', '-1'], /--idle-timeout must be a number of milliseconds, 0 or more; received "-1"/],
    ['an unknown backend', ['run', TASKS, '--range', '0:2', '--backend', 'dask'], /^multitask: --backend: no backend named "dask" is installed \(installed: .*\); see "multitask backends"\.$/],
    ['both force flags', ['run', TASKS, '--range', '0:2', '--force-threading', '--force-processes'], /^multitask: option '--force-threading' cannot be used with option '--force-processes'$/],
    ['--quiet with --verbose', ['run', TASKS, '--range', '0:2', '-q', '-v'], /cannot be used with option '-v, --verbose'/],
    ['a --skip position past the end', ['run', TASKS, '--range', '0:3', '--skip', '3'], /^multitask: --skip "3" names item 3, but there are only 3 items \(0 to 2\)\.$/],
    ['a --skip mask of the wrong length', ['run', TASKS, '--range', '0:3', '--skip', '[true,false]'], /has 2 booleans but there are 3 items/],
    ['an --out in a missing folder', ['run', TASKS, '--range', '0:2', '--out', '/nonexistent/out.json'], /^multitask: --out: cannot write \/nonexistent\/out\.json: /],
    ['a run without a module', ['run'], /^multitask: missing required argument 'module'$/],
  ]
  it.each(cases)('%s', async (_, args, message, input) => {
    const { code, stdout, stderr } = await cli(args, { input, cwd: FIXTURES })
    expect(code).toBe(2)
    expect(stdout).toBe('')
    expect(stderr.trimEnd()).toMatch(message)
    expect(stderr.trimEnd().split('\n')).toHaveLength(1)
  })

  it('leaves an existing --out file alone when the command line is wrong', async () => {
    const out = join(tmp, 'keep.json')
    writeFileSync(out, 'precious')
    const { code } = await cli(['run', TASKS, '--range', 'x', '--out', out])
    expect(code).toBe(2)
    const { readFileSync } = await import('node:fs')
    expect(readFileSync(out, 'utf8')).toBe('precious')
  })
})
