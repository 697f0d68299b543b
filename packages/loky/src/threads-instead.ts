import type { BackendFactory } from '@multitask/core/backend'

// Not a dependency: used only when it is installed, as core imports backends by name.
const THREADING_PACKAGE = '@multitask/threading'

/**
 * A factory for the name 'loky' that hands out the threading backend, for a runtime
 * that cannot start worker processes (`problem` says why); `undefined` when
 * `@multitask/threading` is not installed. The first call that uses it warns once, so
 * the substitution is never silent.
 */
export async function threadsInstead(problem: string): Promise<BackendFactory | undefined> {
  let threading: { threadingBackend?: unknown }
  try {
    threading = (await import(THREADING_PACKAGE)) as { threadingBackend?: unknown }
  } catch {
    return undefined
  }
  const { threadingBackend } = threading
  if (typeof threadingBackend !== 'function') return undefined
  let warned = false
  return () => {
    if (!warned) {
      warned = true
      process.emitWarning(`${problem}. Calls on the "loky" backend run on worker threads (the "threading" backend) instead.`, {
        type: 'MultitaskWarning',
        code: 'MULTITASK_NO_WORKER_PROCESSES',
      })
    }
    // Loky's own options (idleTimeout, execArgv, env) mean nothing to threads.
    return (threadingBackend as BackendFactory)({})
  }
}
