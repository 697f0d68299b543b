// The published form of every package, tested as users get it: each package is packed,
// published to a private registry started here, and installed from it into plain
// projects in temp folders, then run on Node, Bun and Deno. No workspace link is involved.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { packAll, publish, type Tarball } from './packages.ts'
import { BUN, DENO, makeProject, run, type Run } from './project.ts'
import { startRegistry, type Registry } from './registry.ts'

const FIXTURES = new URL('./fixtures/', import.meta.url)
const fixture = (name: string) => readFileSync(new URL(name, FIXTURES), 'utf8')
const VERSION = (JSON.parse(readFileSync(new URL('../../../packages/core/package.json', import.meta.url), 'utf8')) as { version: string }).version

let root: string
let registry: Registry
let tarballs: Tarball[]

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'multitask-install-'))
  registry = await startRegistry(root)
  tarballs = packAll(root)
  for (const tarball of tarballs) publish(tarball, registry)
})

afterAll(async () => {
  await registry?.stop()
  if (root) rmSync(root, { recursive: true, force: true })
})

/** A plain project whose npmrc points at the test registry, with the fixtures copied in. */
function project(name: string, files: Record<string, string | undefined> = {}): string {
  return makeProject(root, name, {
    'package.json': JSON.stringify({ name, private: true, type: 'module' }),
    '.npmrc': `registry=${registry.url}\n`,
    'tasks.mjs': fixture('tasks.mjs'),
    ...files,
  })
}

function ok(result: Run): string {
  expect(result.signal, result.stderr).toBeNull()
  expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0)
  return result.stdout
}

interface Where {
  pid: number
  threadId: number
  value: number
}

/** What main.mjs prints, checked the same way on every runtime. */
function expectMainOutput(stdout: string, { mapped }: { mapped: boolean }): void {
  const out = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
    pid: number
    series: number[]
    skipped: number[]
    processes: Where[]
    threads: Where[]
    sums: number[]
    mapping: { mapped: boolean; reason?: string }
  }
  expect(out.series).toEqual([10, 11, 12, 13, 14])
  expect(out.skipped).toEqual([10, 11, 13, 14])
  expect(out.processes.map((w) => w.value)).toEqual([10, 11, 12, 13, 14])
  for (const w of out.processes) expect(w.pid).not.toBe(out.pid) // a worker process
  expect(out.threads.map((w) => w.value)).toEqual([10, 11, 12, 13, 14])
  for (const w of out.threads) expect([w.pid, w.threadId > 0]).toEqual([out.pid, true]) // a worker thread
  expect(out.sums).toEqual([65536, 65536, 65536, 65536])
  expect(out.mapping.mapped, out.mapping.reason).toBe(mapped)
}

describe('the tarballs', () => {
  it('each carry a LICENSE, a README, a CHANGELOG, and no declaration map pointing at unshipped sources', () => {
    for (const tarball of tarballs) {
      expect(tarball.files, tarball.name).toContain('LICENSE')
      expect(tarball.files, tarball.name).toContain('README.md')
      expect(tarball.files, tarball.name).toContain('CHANGELOG.md')
      expect(tarball.files.filter((file) => file.endsWith('.d.ts.map')), tarball.name).toEqual([])
    }
    console.log(tarballs.map((t) => `${t.name}: ${(t.size / 1024).toFixed(1)} KiB packed, ${(t.unpackedSize / 1024).toFixed(1)} KiB unpacked`).join('\n'))
  })

  it('ship the mmap addon as a prebuild, with no build step at install', () => {
    const mmap = tarballs.find((t) => t.name === '@multitask/mmap')!
    expect(mmap.files).toContain('prebuilds/linux-x64/node.glibc.node')
    // A binding.gyp at the package root would make npm compile on install.
    expect(mmap.files).not.toContain('binding.gyp')
    const manifest = JSON.parse(readFileSync(join(root, 'storage', '@multitask', 'mmap', 'package.json'), 'utf8')) as {
      versions: Record<string, { scripts?: Record<string, string>; gypfile?: boolean }>
    }
    const published = manifest.versions[VERSION]!
    expect(Object.keys(published.scripts ?? {}).filter((s) => /install/.test(s))).toEqual([])
    expect(published.gypfile ?? false).toBe(false)
  })
})

describe('on Node, installed with npm', () => {
  let folder: string
  let install: Run

  beforeAll(() => {
    folder = project('node-app', { 'main.mjs': fixture('main.mjs'), 'typed-task.ts': fixture('typed-task.ts') })
    install = run(folder, 'npm', ['install', '@multitask/core', '@multitask/loky', '@multitask/threading', '@multitask/cli'])
    console.log(`npm install of core, loky, threading and cli: ${(install.ms / 1000).toFixed(1)} s`)
  })

  it('installs core, loky, threading and the CLI without bullmq, tsx or a compiler', () => {
    ok(install)
    for (const absent of ['@multitask/bullmq', 'bullmq', 'ioredis', 'tsx', 'esbuild']) {
      expect(existsSync(join(folder, 'node_modules', absent)), absent).toBe(false)
    }
    expect(existsSync(join(folder, 'node_modules/@multitask/mmap/build')), 'mmap compiled at install').toBe(false)
  })

  it('ships source maps that embed their sources', () => {
    let maps = 0
    for (const name of ['core', 'serial', 'loky', 'mmap', 'threading', 'cli']) {
      const dist = join(folder, 'node_modules/@multitask', name, 'dist')
      for (const file of readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js.map'))) {
        const map = JSON.parse(readFileSync(join(dist, file), 'utf8')) as { sources: string[]; sourcesContent?: (string | null)[] }
        expect(map.sourcesContent?.length, file).toBe(map.sources.length)
        expect(map.sourcesContent!.every((text) => typeof text === 'string' && text.length > 0), file).toBe(true)
        maps++
      }
    }
    expect(maps).toBeGreaterThan(20)
  })

  it('runs in series, on processes, on threads and with a mapped large argument', () => {
    expectMainOutput(ok(run(folder, 'node', ['main.mjs'])), { mapped: true })
  })

  it('links the multitask bin, which runs a task module', () => {
    const out = ok(run(folder, 'npx', ['multitask', 'run', 'tasks.mjs#square', '--range', '0:5', '--jobs', '2']))
    expect(out.trim()).toBe('[0,1,4,9,16]')
  })

  it('reports the backends and that loky maps large arguments', () => {
    const out = ok(run(folder, 'npx', ['multitask', 'backends']))
    expect(out).toMatch(/^ {2}loky +worker processes +@multitask\/loky {2}\(default\)$/m)
    expect(out).toContain('loky large arguments: mapped by the workers (@multitask/mmap)')
  })

  it('names the package to install for a bullmq worker, in one line', () => {
    const result = run(folder, 'npx', ['multitask', 'worker', '--backend', 'bullmq', '--connection', 'redis://127.0.0.1:9'])
    expect(result.status).toBe(2)
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringContaining('npm install @multitask/bullmq')])
  })

  it('names tsx, and Node 22.18, for a TypeScript task on Node 20 without tsx, in one line', () => {
    const result = run(folder, 'npx', ['multitask', 'run', 'typed-task.ts#double', '--range', '0:3'])
    expect(result.status).toBe(2)
    const lines = result.stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain('npm install tsx')
    expect(lines[0]).toContain('22.18')
  })

  it('runs the TypeScript task once tsx is installed', () => {
    ok(run(folder, 'npm', ['install', 'tsx']))
    const out = ok(run(folder, 'npx', ['multitask', 'run', 'typed-task.ts#double', '--range', '0:3', '--jobs', '2']))
    expect(out.trim()).toBe('[0,2,4]')
  })
})

describe('npx @multitask/cli, for a one-off run', () => {
  it('fetches the CLI and runs a task module', () => {
    const folder = project('one-off')
    // A cache of its own, so an earlier run's package of the same version cannot be reused.
    const out = ok(run(folder, 'npx', ['--yes', '@multitask/cli', 'run', 'tasks.mjs#square', '--range', '0:4'], { npm_config_cache: join(root, 'npx-cache') }))
    expect(out.trim()).toBe('[0,1,4,9]')
  })
})

describe('the default backend follows what is installed', () => {
  it('is threads with core and threading only, and processes once loky is installed', () => {
    const folder = project('threads-app', { 'default-backend.mjs': fixture('default-backend.mjs') })
    ok(run(folder, 'npm', ['install', '@multitask/core', '@multitask/threading']))
    expect(existsSync(join(folder, 'node_modules/@multitask/loky'))).toBe(false)
    const onThreads = JSON.parse(ok(run(folder, 'node', ['default-backend.mjs']))) as { pid: number; results: Where[] }
    expect(onThreads.results.map((w) => w.value)).toEqual([10, 11, 12, 13])
    for (const w of onThreads.results) expect([w.pid, w.threadId > 0]).toEqual([onThreads.pid, true])

    ok(run(folder, 'npm', ['install', '@multitask/loky']))
    const onProcesses = JSON.parse(ok(run(folder, 'node', ['default-backend.mjs']))) as { pid: number; results: Where[] }
    expect(onProcesses.results.map((w) => w.value)).toEqual([10, 11, 12, 13])
    for (const w of onProcesses.results) expect([w.pid === onProcesses.pid, w.threadId]).toEqual([false, 0])
  })
})

describe('on Bun, installed with bun install', () => {
  it('runs in series, on processes, on threads, with a mapped large argument, and the CLI', () => {
    const dependencies = Object.fromEntries(['core', 'loky', 'threading', 'cli'].map((p) => [`@multitask/${p}`, VERSION]))
    const folder = project('bun-app', {
      'package.json': JSON.stringify({ name: 'bun-app', private: true, type: 'module', dependencies }),
      'main.mjs': fixture('main.mjs'),
    })
    // A cache of its own: Bun's global cache keys packages by name and version only.
    const env = { BUN_INSTALL_CACHE_DIR: join(root, 'bun-cache') }
    ok(run(folder, BUN, ['install'], env))
    expectMainOutput(ok(run(folder, BUN, ['main.mjs'], env)), { mapped: true })
    const cli = ok(run(folder, BUN, ['node_modules/@multitask/cli/bin/multitask.js', 'run', 'tasks.mjs#square', '--range', '0:5', '--jobs', '2'], env))
    expect(cli.trim()).toBe('[0,1,4,9,16]')
  })
})

describe('on Deno, through npm: specifiers', () => {
  // Deno without a package.json: imports name `npm:` packages, fetched from the registry
  // given by NPM_CONFIG_REGISTRY into a DENO_DIR of this run.
  const denoFiles = (names: string[]) =>
    Object.fromEntries(
      names.map((name) => [name, fixture(name).replace(/(['"])@multitask\/([a-z]+)\1/g, `$1npm:@multitask/$2@${VERSION}$1`)]),
    )
  let folder: string
  let env: Record<string, string>
  const deno = (flags: string[], file: string) => run(folder, DENO, ['run', ...flags, file], env)

  beforeAll(() => {
    // Freshly published versions are younger than Deno's default minimum dependency age.
    folder = project('deno-app', {
      'package.json': undefined,
      'deno.json': JSON.stringify({ minimumDependencyAge: 0 }),
      ...denoFiles(['main.mjs', 'series.mjs', 'threads.mjs']),
    })
    env = { NPM_CONFIG_REGISTRY: registry.url, DENO_DIR: join(root, 'deno-dir') }
  })

  it('runs the series examples with no permission at all', () => {
    expect(JSON.parse(ok(deno([], 'series.mjs')))).toEqual({ all: [10, 11, 12, 13, 14], skipped: [10, 11, 13, 14] })
  })

  it('runs threads with no permission at all, as the README says', () => {
    expect(JSON.parse(ok(deno([], 'threads.mjs')))).toEqual([10, 11, 12, 13, 14])
  })

  it("runs processes, threads and a large argument with the README's flags for processes", () => {
    const flags = ['--allow-run', '--allow-env', '--allow-sys', '--allow-read', '--allow-write', '--allow-ffi']
    expectMainOutput(ok(deno(flags, 'main.mjs')), { mapped: true })
  })
})
