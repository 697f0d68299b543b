// The part of esbuild's API the TypeScript compiler uses, typed here so that core's
// published types do not depend on esbuild, which core does not install.
import { createRequire } from 'node:module'

/** A message of esbuild (an error or a warning), with where it points. */
export interface EsbuildMessage {
  readonly text: string
  readonly location: { readonly file: string; readonly line: number; readonly column: number } | null
}

/** What `build.resolve` answers. */
export interface EsbuildResolved {
  readonly errors: readonly EsbuildMessage[]
  readonly path: string
  readonly external: boolean
}

/** The arguments of an `onResolve` callback. */
export interface EsbuildResolveArgs {
  readonly path: string
  readonly importer: string
  readonly resolveDir: string
  readonly kind: string
  readonly pluginData: unknown
  readonly with: Record<string, string>
}

type ResolveAnswer = { path: string; external?: boolean } | undefined

/** The plugin hooks the compiler registers. */
export interface EsbuildPluginBuild {
  onResolve(options: { filter: RegExp }, callback: (args: EsbuildResolveArgs) => Promise<ResolveAnswer> | ResolveAnswer): void
  onLoad(
    options: { filter: RegExp },
    callback: (args: { path: string }) => Promise<{ contents: string; loader: string } | undefined>,
  ): void
  resolve(path: string, options: { kind: string; resolveDir: string; importer?: string; pluginData?: unknown; with?: Record<string, string> }): Promise<EsbuildResolved>
}

/** The output of one `build` with `write: false` and `metafile: true`. */
export interface EsbuildBuildResult {
  readonly outputFiles: readonly { readonly path: string; readonly text: string }[]
  readonly metafile: { readonly inputs: Record<string, { readonly format?: 'cjs' | 'esm' }> }
}

/** The esbuild module, as much of it as is used. */
export interface Esbuild {
  build(options: Record<string, unknown> & { plugins: { name: string; setup(build: EsbuildPluginBuild): void }[] }): Promise<EsbuildBuildResult>
  /** Ends esbuild's service process (started by the first build); a later build would start another. */
  stop(): Promise<void> | void
}

/** A build that failed: esbuild rejects with this, carrying its errors. */
export interface EsbuildFailure extends Error {
  readonly errors: readonly EsbuildMessage[]
}

// Specifiers in variables: bundlers of a page that uses core must not try to bundle these.
const TSX_PACKAGE = 'tsx/package.json'
const ESBUILD = 'esbuild'

/**
 * An instance of esbuild of the compiler's own, or `undefined` where esbuild is not
 * installed. tsx, the loader core uses for TypeScript otherwise, depends on esbuild, so
 * esbuild is present wherever tsx is; it is looked up from tsx's folder first, which
 * finds it even where the package manager does not hoist it (pnpm), and is the very
 * compiler tsx would run. Of its own because esbuild runs one service process per
 * module instance: the compiler stops its instance's when it is done, which must not
 * stop the builds of an esbuild the program itself uses (the one in `require.cache`).
 */
export function loadEsbuild(): Esbuild | undefined {
  const path = esbuildPath()
  if (path === undefined) return undefined
  const require = createRequire(path)
  const shared = require.cache[path]
  delete require.cache[path]
  try {
    const esbuild = require(path) as Partial<Esbuild>
    return typeof esbuild.build === 'function' && typeof esbuild.stop === 'function' ? (esbuild as Esbuild) : undefined
  } catch {
    return undefined
  } finally {
    if (shared === undefined) delete require.cache[path]
    else require.cache[path] = shared
  }
}

/** Where esbuild's main file is: beside tsx, or where core itself finds it. */
function esbuildPath(): string | undefined {
  for (const from of [() => import.meta.resolve(TSX_PACKAGE), () => import.meta.url]) {
    try {
      return createRequire(from()).resolve(ESBUILD)
    } catch {
      // Not installed there: try the next place.
    }
  }
  return undefined
}
