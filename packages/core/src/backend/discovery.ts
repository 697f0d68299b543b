import { platform } from '#platform'
import type { BackendCapabilities, RunsOn } from './backend.js'
import list from './candidates.json' with { type: 'json' }
import { isSequentialName } from '../engine/jobs.js'
import { isMissingPackage, registeredBackends, registeredCapabilities, registeredDefault } from './registry.js'

/**
 * A package core tries to import when it looks for installed backends, and what its
 * backend runs on (for messages naming what to install). The list is
 * `candidates.json` beside this file: the one place where backend packages are named.
 * A package found this way registers itself on import, with its capabilities; those
 * decide whether and when core uses it.
 */
export interface BackendCandidate {
  readonly package: string
  readonly runsOn: RunsOn
}

/** The packages core looks for, in `candidates.json`. */
export const BACKEND_CANDIDATES: readonly BackendCandidate[] = list.candidates as BackendCandidate[]

let discovered: Promise<void> | undefined

/**
 * Imports every candidate backend package that is installed, once per process; each
 * registers itself. Resolves with the names of all backends registered then; rejects
 * with the import's error when a candidate is installed but fails to load.
 *
 * @example
 * ```ts
 * import { discoverBackends } from '@multitask/core'
 * console.log(await discoverBackends()) // e.g. ['loky', 'threading']
 * ```
 */
export async function discoverBackends(): Promise<string[]> {
  // One after another, so backends register in the list's order whatever their load times.
  discovered ??= (async () => {
    for (const candidate of BACKEND_CANDIDATES) {
      await import(/* @vite-ignore */ candidate.package).catch((error: unknown) => {
        // Not installed: simply not a candidate. Installed but broken: say so, as naming it would.
        if (!isMissingPackage(error, candidate.package)) throw error
      })
    }
  })()
  await discovered
  return registeredBackends()
}

/** The capabilities of every registered backend that runs in parallel, by name. */
async function parallelBackends(): Promise<[string, BackendCapabilities][]> {
  const names = (await discoverBackends()).filter((name) => !isSequentialName(name))
  const found = await Promise.all(names.map(async (name) => [name, await registeredCapabilities(name)] as const))
  return found.filter((entry): entry is [string, BackendCapabilities] => entry[1] !== undefined)
}

/**
 * The installed backend that satisfies `wanted` with the highest `defaultPriority`
 * (backends without one come last), or `null`.
 */
export async function findBackend(wanted: (capabilities: BackendCapabilities) => boolean): Promise<string | null> {
  const matching = (await parallelBackends()).filter(([, capabilities]) => wanted(capabilities))
  matching.sort(([, a], [, b]) => (b.defaultPriority ?? Number.NEGATIVE_INFINITY) - (a.defaultPriority ?? Number.NEGATIVE_INFINITY))
  return matching[0]?.[0] ?? null
}

/** The candidate packages whose backends run on `runsOn`, for "install one of ..." messages. */
export function packagesRunningOn(runsOn: RunsOn): string[] {
  return BACKEND_CANDIDATES.filter((candidate) => candidate.runsOn === runsOn).map((candidate) => candidate.package)
}

/** How the default backend was chosen, for messages and `multitask backends`. */
export interface DefaultBackendChoice {
  /** Backend name, or `null` when no parallel backend is installed (calls then run in series). */
  readonly name: string | null
  /** Why this one: `MULTITASK_BACKEND`, registered as the default, or the highest `defaultPriority` installed. */
  readonly reason: string
}

let cachedDefault: Promise<DefaultBackendChoice> | undefined

/**
 * The backend used for parallel calls outside any context: `MULTITASK_BACKEND` if
 * set, else a backend registered with `makeDefault`, else the installed backend with
 * the highest `defaultPriority` (processes before threads, as joblib prefers loky), else
 * none (series).
 *
 * @example
 * ```ts
 * import { defaultBackend } from '@multitask/core'
 * const { name, reason } = await defaultBackend()
 * ```
 */
export function defaultBackend(): Promise<DefaultBackendChoice> {
  const fromEnv = platform.readEnv('MULTITASK_BACKEND')
  if (fromEnv) return Promise.resolve({ name: fromEnv, reason: 'set by MULTITASK_BACKEND' })
  const registered = registeredDefault()
  if (registered !== undefined) return Promise.resolve({ name: registered, reason: 'registered as the default' })
  cachedDefault ??= findInstalledDefault()
  return cachedDefault
}

async function findInstalledDefault(): Promise<DefaultBackendChoice> {
  const ranked = (await parallelBackends())
    .filter(([, capabilities]) => capabilities.defaultPriority !== undefined)
    .sort(([, a], [, b]) => b.defaultPriority! - a.defaultPriority!)
  if (ranked.length === 0) {
    const packages = BACKEND_CANDIDATES.map((candidate) => candidate.package).join(', ')
    return { name: null, reason: `none of ${packages} is installed` }
  }
  const order = ranked.map(([name]) => name).join(' > ')
  return { name: ranked[0]![0], reason: ranked.length === 1 ? 'the only one installed' : `preferred of those installed: ${order}` }
}
