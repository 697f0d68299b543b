import { cpuCount } from '@multitask/core'
import { describe, expect, it } from 'vitest'
import { cli } from './helpers.js'

describe('multitask backends', () => {
  it('lists the installed backends, the default and why, and the CPU count', async () => {
    const { code, stdout, stderr } = await cli(['backends'])
    expect([code, stderr]).toEqual([0, ''])
    expect(stdout).toMatch(/^Installed backends:\n/)
    expect(stdout).toMatch(/^ {2}loky +worker processes +@multitask\/loky {2}\(default\)$/m)
    expect(stdout).toMatch(/^ {2}threading +worker threads, shared memory +@multitask\/threading$/m)
    expect(stdout).toMatch(/^ {2}serial +in series, in this process +@multitask\/serial$/m)
    expect(stdout).toContain('Default for parallel runs: loky (preferred of those installed: loky > threading)\n')
    expect(stdout).toContain(`CPUs: ${cpuCount()}\n`)
  })

  it('follows MULTITASK_BACKEND, and says so', async () => {
    const { stdout } = await cli(['backends'], { env: { MULTITASK_BACKEND: 'threading' } })
    expect(stdout).toMatch(/^ {2}threading .*\(default\)$/m)
    expect(stdout).toContain('Default for parallel runs: threading (set by MULTITASK_BACKEND)')
  })

  it('--json prints the same for scripts', async () => {
    const { code, stdout } = await cli(['backends', '--json'])
    expect(code).toBe(0)
    const report = JSON.parse(stdout) as { backends: Array<{ name: string; package: string }>; default: { name: string; reason: string }; cpus: number }
    expect(report.backends.map((b) => b.name)).toEqual(expect.arrayContaining(['loky', 'threading', 'serial']))
    expect(report.backends.find((b) => b.name === 'loky')?.package).toBe('@multitask/loky')
    expect(report.default).toEqual({ name: 'loky', reason: 'preferred of those installed: loky > threading' })
    expect(report.cpus).toBe(cpuCount())
  })
})
