import { platform } from '#platform'

let cached: number | undefined

/**
 * Number of CPUs this process may use: `os.availableParallelism()` (in browsers
 * `navigator.hardwareConcurrency`), lowered by a
 * cgroup CPU quota when one is set (containers and CI runners often have more
 * visible cores than they may use), never below 1.
 *
 * @example
 * ```ts
 * import { cpuCount } from '@multitask/core'
 * console.log(`${cpuCount()} CPUs available`)
 * ```
 */
export function cpuCount(): number {
  cached ??= Math.max(1, Math.min(visibleCpus(), cgroupQuota() ?? Number.POSITIVE_INFINITY))
  return cached
}

function visibleCpus(): number {
  return platform.availableCpus()
}

/** CPUs allowed by a cgroup quota (v2 `cpu.max`, else v1 `cfs_quota_us`), rounded up; undefined when unlimited. */
export function cgroupQuota(read: (path: string) => string | undefined = readText): number | undefined {
  const v2 = read('/sys/fs/cgroup/cpu.max')
  if (v2 !== undefined) {
    const [quota, period] = v2.trim().split(/\s+/)
    return quotaToCpus(quota, period)
  }
  return quotaToCpus(read('/sys/fs/cgroup/cpu/cpu.cfs_quota_us')?.trim(), read('/sys/fs/cgroup/cpu/cpu.cfs_period_us')?.trim())
}

function quotaToCpus(quota: string | undefined, period: string | undefined): number | undefined {
  const q = Number(quota)
  const p = Number(period)
  if (!Number.isFinite(q) || !Number.isFinite(p) || q <= 0 || p <= 0) return undefined
  return Math.max(1, Math.ceil(q / p))
}

function readText(path: string): string | undefined {
  return platform.readSmallFile(path)
}
