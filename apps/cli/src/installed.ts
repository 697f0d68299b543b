import type { FileMapping } from '@multitask/loky'
import { DEFAULT_BACKEND_ORDER, isBackendAvailable, registeredBackends } from '@multitask/core'

/**
 * The names of the backends that can be used here: the bundled ones, the one named by
 * MULTITASK_BACKEND, and any other registered so far. Probing imports their packages,
 * which is what registers them.
 */
export async function installedBackends(): Promise<string[]> {
  const probe = new Set<string>([...DEFAULT_BACKEND_ORDER, 'serial'])
  if (process.env.MULTITASK_BACKEND) probe.add(process.env.MULTITASK_BACKEND)
  for (const name of probe) await isBackendAvailable(name).catch(() => false)
  return registeredBackends()
}

/** Whether loky's workers map large arguments (`@multitask/mmap`) or copy them, and why. */
export async function lokyFileMapping(): Promise<FileMapping> {
  const { fileMapping } = await import('@multitask/loky')
  return fileMapping()
}

/** One line for `multitask backends` and `--verbose`: a copy fallback is never silent. */
export function describeFileMapping(mapping: FileMapping): string {
  return mapping.mapped
    ? 'loky large arguments: mapped by the workers (@multitask/mmap)'
    : `loky large arguments: copied into each worker, because ${mapping.reason}`
}
