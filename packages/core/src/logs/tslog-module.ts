/**
 * tslog, loaded only when a logger is in play. tslog reads the environment (HOSTNAME,
 * NODE_ENV) as it loads, which Deno refuses without `--allow-env`, and loading it costs a
 * cold start about 25 ms: a call without a `logger` should pay neither.
 */
type Tslog = typeof import('tslog')

let loaded: Tslog | undefined

/** Loads tslog once; calls that capture task logs await this before their tasks run. */
export async function loadTslog(): Promise<Tslog> {
  loaded ??= await import('tslog')
  return loaded
}

/**
 * tslog, loading it synchronously if no call has loaded it yet: for `taskLogger()` called
 * outside any call (a task function tried on its own). `process.getBuiltinModule` reaches
 * `require` without a static `node:` import, on Node 20.16+, Deno and Bun.
 */
export function tslogNow(): Tslog {
  if (loaded !== undefined) return loaded
  const getBuiltin = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule
  const nodeModule = getBuiltin?.('node:module') as typeof import('node:module') | undefined
  if (nodeModule === undefined) {
    throw new Error('taskLogger() outside a multitask call needs tslog loaded first: await a multitask call with a logger before, or use your own tslog Logger')
  }
  loaded = nodeModule.createRequire(import.meta.url)('tslog') as Tslog
  return loaded
}
