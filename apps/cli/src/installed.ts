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
