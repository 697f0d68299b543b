// The backend is chosen by what a user installs. Each case is a real project folder
// with its own node_modules: the real @multitask/core, plus small backend packages
// named @multitask/loky or @multitask/threading that run batches in-process and say
// which of them ran.
import { spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

const coreDir = fileURLToPath(new URL('..', import.meta.url))
// tslog is core's one dependency; wherever npm put it, link it into each project.
const tslogEntry = createRequire(join(coreDir, 'package.json')).resolve('tslog')
const tslogDir = tslogEntry.slice(0, tslogEntry.lastIndexOf('/tslog/') + '/tslog'.length)
const folders: string[] = []
afterAll(() => folders.forEach((dir) => rmSync(dir, { recursive: true, force: true })))

function project(installed: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'multitask-default-'))
  folders.push(dir)
  const scope = join(dir, 'node_modules', '@multitask')
  mkdirSync(scope, { recursive: true })
  // A copy, not a link: Node resolves a linked package's imports from its real folder,
  // which would find this workspace's backend packages instead of the project's.
  cpSync(join(coreDir, 'dist'), join(scope, 'core', 'dist'), { recursive: true })
  cpSync(join(coreDir, 'package.json'), join(scope, 'core', 'package.json'))
  symlinkSync(tslogDir, join(dir, 'node_modules', 'tslog'), 'dir')
  // Each stands in for the real package: the same name and capabilities, batches run in-process.
  const declared: Record<string, string> = { loky: "runsOn: 'processes', defaultPriority: 20", threading: "runsOn: 'threads', defaultPriority: 10" }
  for (const name of installed) {
    mkdirSync(join(scope, name))
    writeFileSync(join(scope, name, 'package.json'), JSON.stringify({ name: `@multitask/${name}`, type: 'module', exports: './index.js' }))
    writeFileSync(
      join(scope, name, 'index.js'),
      `import { registerParallelBackend } from '@multitask/core'
import { runBatchInProcess } from '@multitask/core/backend'
       registerParallelBackend(${JSON.stringify(name)}, () => ({
         name: ${JSON.stringify(name)}, ${declared[name]}, supportsSharedMemory: false, supportsTimeout: false,
         runBatch(call, batch) { globalThis.ran = ${JSON.stringify(name)}; return runBatchInProcess(call, batch) },
       }))`,
    )
  }
  return dir
}

function run(dir: string, code: string, env: Record<string, string> = {}) {
  writeFileSync(join(dir, 'main.mjs'), `import * as mt from '@multitask/core'\nimport * as backend from '@multitask/core/backend'\n${code}`)
  const child = spawnSync(process.execPath, ['main.mjs'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, MULTITASK_BACKEND: '', ...env },
    timeout: 20_000,
  })
  return { status: child.status, stdout: child.stdout.trim(), stderr: child.stderr }
}

const twoCalls = `
  const a = await mt.multitask((x, i) => x + i, [1, 2, 3], 10, null, { jobs: 2 })
  const b = await mt.multitask((x, i) => x + i, [1, 2, 3], 10, null, { jobs: 2 })
  console.log(JSON.stringify({ a, b, ran: globalThis.ran ?? 'series', choice: await mt.defaultBackend() }))
`

describe('the default backend', () => {
  it('is series with one warning when no parallel backend is installed', () => {
    const { status, stdout, stderr } = run(project([]), twoCalls)
    expect(status).toBe(0)
    expect(JSON.parse(stdout)).toMatchObject({ a: [11, 12, 13], b: [11, 12, 13], ran: 'series', choice: { name: null } })
    expect(stderr.match(/no parallel backend is installed/g)).toHaveLength(1)
    expect(stderr).toMatch(/@multitask\/loky/)
  })

  it('is threading when only threading is installed', () => {
    const { stdout } = run(project(['threading']), twoCalls)
    expect(JSON.parse(stdout)).toMatchObject({ a: [11, 12, 13], ran: 'threading', choice: { name: 'threading', reason: 'the only one installed' } })
  })

  it('is loky when loky and threading are installed', () => {
    const { stdout, stderr } = run(project(['loky', 'threading']), twoCalls)
    expect(JSON.parse(stdout)).toMatchObject({ ran: 'loky', choice: { name: 'loky', reason: 'preferred of those installed: loky > threading' } })
    expect(stderr).toBe('')
  })

  it('is MULTITASK_BACKEND when set', () => {
    const { stdout } = run(project(['loky', 'threading']), twoCalls, { MULTITASK_BACKEND: 'threading' })
    expect(JSON.parse(stdout)).toMatchObject({ ran: 'threading', choice: { reason: 'set by MULTITASK_BACKEND' } })
  })

  it('is a backend registered with makeDefault', () => {
    const { stdout } = run(
      project(['loky']),
      `mt.registerParallelBackend('mine', () => ({ name: 'mine', runsOn: 'in-process', supportsSharedMemory: false, supportsTimeout: false,
         runBatch(call, batch) { globalThis.ran = 'mine'; return backend.runBatchInProcess(call, batch) } }), { makeDefault: true })
       ${twoCalls}`,
    )
    expect(JSON.parse(stdout)).toMatchObject({ ran: 'mine', choice: { name: 'mine' } })
  })

  it('does not decide for series: jobs unset stays in series even with backends installed', () => {
    const { stdout } = run(project(['loky']), `
      const r = await mt.multitask((x, i) => x + i, [1], 1, null)
      console.log(JSON.stringify({ r, ran: globalThis.ran ?? 'series' }))`)
    expect(JSON.parse(stdout)).toEqual({ r: [2], ran: 'series' })
  })

  it('names the package to install for a backend that is not installed', () => {
    const { stdout } = run(project([]), `
      const e = await mt.parallelBackend('threading', { nJobs: 2 }, () => mt.multitask((x, i) => i, [1, 2], null, null)).catch((e) => e)
      const f = await mt.multitask((x, i) => i, [1, 2], null, null, { jobs: 2, forceProcesses: true }).catch((e) => e)
      console.log(JSON.stringify([e.name, e.code, e.packageName, e.message, f.packageName]))`)
    const [name, code, packageName, message, forced] = JSON.parse(stdout)
    expect([name, code, packageName, forced]).toEqual([
      'BackendNotInstalledError',
      'ERR_MULTITASK_BACKEND_NOT_INSTALLED',
      '@multitask/threading',
      '@multitask/loky',
    ])
    expect(message).toMatch(/npm install @multitask\/threading/)
  })

  it('reports a backend package that is installed but fails to load, instead of passing it over', () => {
    const dir = project(['threading'])
    mkdirSync(join(dir, 'node_modules', '@multitask', 'loky'))
    writeFileSync(join(dir, 'node_modules', '@multitask', 'loky', 'package.json'), JSON.stringify({ name: '@multitask/loky', type: 'module', exports: './index.js' }))
    writeFileSync(join(dir, 'node_modules', '@multitask', 'loky', 'index.js'), "throw new Error('loky is broken here')")
    const { stdout } = run(dir, `
      const e = await mt.multitask((x, i) => i, [1, 2], null, null, { jobs: 2 }).catch((e) => e)
      console.log(JSON.stringify(e.message))`)
    expect(JSON.parse(stdout)).toBe('loky is broken here')
  })

  it('resolves the sequential alias to @multitask/serial', () => {
    const { stdout } = run(project([]), `
      const e = await mt.parallelBackend('sequential', undefined, () => mt.multitask((x, i) => i, [1, 2], null, null)).catch((e) => e)
      console.log(JSON.stringify(e.packageName))`)
    expect(JSON.parse(stdout)).toBe('@multitask/serial')
  })
})
