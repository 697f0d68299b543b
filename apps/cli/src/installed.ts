import type { FileMapping } from '@multitask/loky'
import { discoverBackends, isBackendAvailable, registeredBackends } from '@multitask/core'

/**
 * The names of the backends that can be used here: those core discovers, the bundled
 * serial one, the one named by MULTITASK_BACKEND, and any other registered so far.
 */
export async function installedBackends(): Promise<string[]> {
  await discoverBackends()
  await import('@multitask/serial') // bundled with the CLI; listed after the parallel ones
  const named = process.env.MULTITASK_BACKEND
  if (named) await isBackendAvailable(named).catch(() => false)
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
