// The part of esbuild's API the TypeScript compiler uses, typed here so that core's
// published types do not depend on esbuild, which core does not install.
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'

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
}

/** A build that failed: esbuild rejects with this, carrying its errors. */
export interface EsbuildFailure extends Error {
  readonly errors: readonly EsbuildMessage[]
}

// Specifiers in variables: bundlers of a page that uses core must not try to bundle these.
const TSX_PACKAGE = 'tsx/package.json'
const ESBUILD = 'esbuild'

/**
 * esbuild, or `undefined` where it is not installed. tsx, the loader core uses for
 * TypeScript otherwise, depends on esbuild, so esbuild is present wherever tsx is;
 * it is looked up from tsx's folder first, which finds it even where the package
 * manager does not hoist it (pnpm), and is the very compiler tsx would run.
 */
export async function loadEsbuild(): Promise<Esbuild | undefined> {
  const candidates: (() => string)[] = [
    () => pathToFileURL(createRequire(import.meta.resolve(TSX_PACKAGE)).resolve(ESBUILD)).href,
    () => ESBUILD,
  ]
  for (const specifier of candidates) {
    try {
      const module = (await import(/* @vite-ignore */ specifier())) as Esbuild & { default?: Esbuild }
      const esbuild = typeof module.build === 'function' ? module : module.default
      if (esbuild !== undefined && typeof esbuild.build === 'function') return esbuild
    } catch {
      // Not installed there: try the next place.
    }
  }
  return undefined
}
