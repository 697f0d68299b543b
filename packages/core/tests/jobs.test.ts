import os from 'node:os'
import { describe, expect, it } from 'vitest'
import { cpuCount, effectiveNJobs, multitask, parallelBackend } from '@multitask/core'
// Internal: how a cgroup quota is read, checked with the files' real formats.
import { cgroupQuota } from '../dist/platform/cpu-count.js'

describe('cpuCount', () => {
  it('is a positive integer no larger than the visible CPUs', () => {
    expect(Number.isInteger(cpuCount())).toBe(true)
    expect(cpuCount()).toBeGreaterThanOrEqual(1)
    expect(cpuCount()).toBeLessThanOrEqual(os.availableParallelism())
  })
})

describe('cgroup CPU quota', () => {
  const files = (entries: Record<string, string>) => (path: string) => entries[path]
  it('reads cgroup v2 cpu.max, rounding partial CPUs up', () => {
    expect(cgroupQuota(files({ '/sys/fs/cgroup/cpu.max': '200000 100000\n' }))).toBe(2)
    expect(cgroupQuota(files({ '/sys/fs/cgroup/cpu.max': '150000 100000\n' }))).toBe(2)
    expect(cgroupQuota(files({ '/sys/fs/cgroup/cpu.max': '50000 100000\n' }))).toBe(1)
    expect(cgroupQuota(files({ '/sys/fs/cgroup/cpu.max': 'max 100000\n' }))).toBeUndefined()
  })

  it('reads cgroup v1 cfs quota and period', () => {
    const v1 = (quota: string) =>
      files({ '/sys/fs/cgroup/cpu/cpu.cfs_quota_us': quota, '/sys/fs/cgroup/cpu/cpu.cfs_period_us': '100000\n' })
    expect(cgroupQuota(v1('300000\n'))).toBe(3)
    expect(cgroupQuota(v1('-1\n'))).toBeUndefined()
    expect(cgroupQuota(files({}))).toBeUndefined()
  })
})

describe('effectiveNJobs', () => {
  const cpus = cpuCount()

  it('treats null, undefined, 0 and 1 as series', () => {
    for (const jobs of [undefined, null, 0, 1]) expect(effectiveNJobs(jobs)).toBe(1)
  })

  it('uses n workers for n >= 2', () => {
    expect(effectiveNJobs(2)).toBe(2)
    expect(effectiveNJobs(17)).toBe(17)
  })

  it('maps negative n to cpuCount() + 1 + n, never below 1', () => {
    expect(effectiveNJobs(-1)).toBe(cpus)
    expect(effectiveNJobs(-2)).toBe(Math.max(1, cpus - 1))
    expect(effectiveNJobs(-1000)).toBe(1)
  })

  it('truncates fractions', () => {
    expect(effectiveNJobs(2.9)).toBe(2)
    expect(effectiveNJobs(0.5)).toBe(1)
    expect(effectiveNJobs(-1.7)).toBe(cpus)
  })

  it('rejects NaN and infinities with a RangeError, non-numbers with a TypeError, naming jobs', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(() => effectiveNJobs(bad)).toThrow(RangeError)
      expect(() => effectiveNJobs(bad)).toThrow(/`jobs`/)
    }
    for (const bad of ['2', true, {}, [2], 2n]) {
      expect(() => effectiveNJobs(bad as never)).toThrow(TypeError)
      expect(() => effectiveNJobs(bad as never)).toThrow(/`jobs` must be an integer/)
    }
  })

  it('takes nJobs from the context when jobs is unset: explicit > context > default', () => {
    parallelBackend('anything', { nJobs: 3 }, () => {
      expect(effectiveNJobs()).toBe(3)
      expect(effectiveNJobs(null)).toBe(3)
      expect(effectiveNJobs(5)).toBe(5)
    })
    // joblib's parallel_backend defaults n_jobs to -1
    parallelBackend('anything', undefined, () => expect(effectiveNJobs()).toBe(cpus))
  })

  it('is 1 inside a sequential context', () => {
    parallelBackend('sequential', { nJobs: 4 }, () => expect(effectiveNJobs()).toBe(1))
    parallelBackend('serial', undefined, () => expect(effectiveNJobs(8)).toBe(1))
  })

  it('validates jobs in multitask too, before running anything', async () => {
    let ran = 0
    await expect(multitask(() => ran++, [1], null, null, { jobs: Number.NaN })).rejects.toThrow(RangeError)
    await expect(multitask(() => ran++, [1], null, null, { jobs: '4' as never })).rejects.toThrow(TypeError)
    expect(ran).toBe(0)
  })
})
