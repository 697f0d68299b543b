// Compiles a TypeScript module and the TypeScript files it imports, one esbuild build per
// file, into plain ES modules that import each other by their compiled names.
import { Buffer } from 'node:buffer'
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Esbuild, EsbuildFailure, EsbuildPluginBuild, EsbuildResolveArgs } from './esbuild-api.js'
import type { ProjectFiles } from './project-files.js'

/** The compiled files of one module graph, flat in one folder. */
export interface CompiledGraph {
  /** Compiled code by file name. */
  readonly files: ReadonlyMap<string, string>
  /** The file name of the entry module's compiled code. */
  readonly entry: string
  /** Every file the output depends on (sources, package.json, tsconfig.json), with a hash of its content. */
  readonly inputs: ReadonlyMap<string, string>
}

/** The graph needs a TypeScript loader after all; `reason` says why (for debugging). */
export class NotCompilable {
  constructor(readonly reason: string) {}
}

/** A file of the graph does not parse: the message lists esbuild's errors as tsx reports them. */
export class CompileError extends Error {
  override readonly name = 'CompileError'
}

export const TYPESCRIPT_FILE = /\.(?:[mc]?ts|tsx)$/i
const LOADED = /\.(?:[mc]?ts|tsx|json)$/i
const REQUIRE = new Set(['require-call', 'require-resolve'])
// Marks the resolutions the plugin asks esbuild for itself, so it does not answer them again.
const OWN = Symbol('multitask resolve')

/** A hash of text, hex. */
export function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

/** The compiled name of a source file: readable, and distinct for files of the same name in other folders. */
export function compiledName(path: string): string {
  return `${basename(path).replace(TYPESCRIPT_FILE, '')}-${hashOf(path).slice(0, 12)}.mjs`
}

/**
 * Compiles `entry` and, following its imports, every TypeScript file it reaches (local
 * files, and workspace packages whose exports are TypeScript). Everything else keeps
 * running where it is: package imports stay as written when they resolve to the same
 * file from `cacheRoot`, local JavaScript is imported by its `file:` URL, and JSON
 * imported with `import` is inlined (an import attribute would not survive the rename).
 * `import.meta.url`, `.filename` and `.dirname` are the source file's, so relative file
 * reads keep working; CommonJS-scope files get `require`, `__filename` and `__dirname`.
 */
export async function compileGraph(
  esbuild: Esbuild,
  entry: string,
  cacheRoot: string,
  project: ProjectFiles,
): Promise<CompiledGraph | NotCompilable> {
  const files = new Map<string, string>()
  const inputs = new Map<string, string>()
  const builds = new Map<string, Promise<void>>()
  let notCompilable: NotCompilable | undefined
  const refuse = (reason: string) => void (notCompilable ??= new NotCompilable(reason))

  const visit = (path: string): string => {
    const name = compiledName(path)
    if (!builds.has(path)) builds.set(path, compileFile(path, name))
    return name
  }

  async function compileFile(path: string, name: string): Promise<void> {
    const dir = dirname(path)
    const [{ esm, packageJson }, tsconfig] = await Promise.all([project.moduleScope(dir), project.nearest(dir, 'tsconfig.json')])
    for (const file of [packageJson, tsconfig]) if (file !== undefined) inputs.set(file.path, hashOf(file.content))
    if (/\.cts$/i.test(path)) return refuse(`${path} is a CommonJS TypeScript file`)
    const moduleScope = esm || /\.mts$/i.test(path)
    const url = pathToFileURL(path).href
    const define: Record<string, string> = {
      'import.meta.url': JSON.stringify(url),
      'import.meta.filename': JSON.stringify(path),
      'import.meta.dirname': JSON.stringify(dir),
    }
    if (!moduleScope) Object.assign(define, { __filename: JSON.stringify(path), __dirname: JSON.stringify(dir) })
    const outfile = join(cacheRoot, 'graph', name) // the depth of the folder the file will live in
    const result = await esbuild.build({
      entryPoints: [path],
      absWorkingDir: dir,
      bundle: true, // only to see every import: the plugin keeps them all external
      write: false,
      metafile: true,
      format: 'esm',
      platform: 'node',
      // The workers run this same Node: lower only what it lacks, as tsx does.
      target: `node${process.versions.node}`,
      conditions: [],
      mainFields: ['main'],
      sourcemap: 'external',
      outfile,
      define,
      banner: { js: moduleScope ? '' : requireBanner(url) },
      logLevel: 'silent',
      plugins: [{ name: 'multitask-graph', setup: (build) => setUp(build) }],
    }).catch((error: unknown) => {
      throw parseFailure(error, dir) ?? error
    })
    // The file itself and the JSON it inlines are the build's inputs; only a file can be CommonJS.
    if (Object.values(result.metafile.inputs).some((input) => input.format === 'cjs')) return refuse(`${path} is CommonJS`)
    const code = result.outputFiles.find((file) => file.path.endsWith('.mjs'))?.text ?? ''
    const map = result.outputFiles.find((file) => file.path.endsWith('.map'))?.text
    files.set(name, map === undefined ? code : withInlineSourceMap(code, map, dirname(outfile)))
  }

  function setUp(build: EsbuildPluginBuild): void {
    build.onResolve({ filter: /.*/ }, async (args) => {
      if (args.kind === 'entry-point' || args.pluginData === OWN) return undefined
      return rewrite(build, args)
    })
    build.onLoad({ filter: LOADED }, async ({ path }) => {
      const contents = await readFile(path, 'utf8')
      inputs.set(path, hashOf(contents))
      return { contents, loader: /\.json$/i.test(path) ? 'json' : /\.tsx$/i.test(path) ? 'tsx' : 'ts' }
    })
  }

  async function rewrite(build: EsbuildPluginBuild, args: EsbuildResolveArgs) {
    const { kind, resolveDir } = args
    const resolved = await build.resolve(args.path, { kind, resolveDir, importer: args.importer, pluginData: OWN, with: args.with })
    const unchanged = { path: args.path, external: true }
    // Node says what is wrong with an import it cannot resolve, when (and if) it runs.
    if (resolved.errors.length > 0 || resolved.external) return unchanged
    const target = resolved.path
    if (REQUIRE.has(kind)) {
      // require() resolves from the source's folder (see requireBanner), but cannot load TypeScript.
      if (TYPESCRIPT_FILE.test(target)) refuse(`${args.importer} requires the TypeScript file ${target}`)
      return unchanged
    }
    if (TYPESCRIPT_FILE.test(target)) return { path: `./${visit(target)}`, external: true }
    if (/\.json$/i.test(target)) return { path: target }
    if (isPackageName(args.path)) {
      const fromCache = await build.resolve(args.path, { kind, resolveDir: cacheRoot, pluginData: OWN, with: args.with })
      if (fromCache.path !== target) refuse(`"${args.path}" resolves to another file from the cache folder than from ${args.importer}`)
      return unchanged
    }
    return { path: pathToFileURL(target).href, external: true }
  }

  visit(entry)
  // Each build adds the builds of the TypeScript files it imports: wait until none is added.
  for (let settled = 0; settled < builds.size; ) {
    const pending = [...builds.values()]
    const outcomes = await Promise.allSettled(pending)
    settled = pending.length
    const failed = outcomes.find((outcome) => outcome.status === 'rejected')
    if (failed?.reason instanceof CompileError) throw failed.reason
    if (failed !== undefined) return new NotCompilable(`esbuild failed: ${String((failed.reason as Error)?.message ?? failed.reason)}`)
  }
  return notCompilable ?? { files, entry: compiledName(entry), inputs }
}

/** Whether an import specifier names a package (`pkg`, `@scope/pkg/sub`), not a path, URL or `#import`. */
function isPackageName(specifier: string): boolean {
  return !/^[./#]/.test(specifier) && !/^[a-z][a-z0-9+.-]*:/i.test(specifier)
}

/** The `require` tsx gives a CommonJS-scope file, resolving from the source's folder. */
function requireBanner(url: string): string {
  return `import { createRequire as __multitaskCreateRequire } from "node:module"; const require = __multitaskCreateRequire(${JSON.stringify(url)});`
}

/** The code with its source map inlined, the map's sources made absolute so the code can live anywhere. */
function withInlineSourceMap(code: string, mapText: string, outDir: string): string {
  const map = JSON.parse(mapText) as { sources: string[] }
  map.sources = map.sources.map((source) => pathToFileURL(resolve(outDir, source)).href)
  const encoded = Buffer.from(JSON.stringify(map)).toString('base64')
  return `${code}//# sourceMappingURL=data:application/json;base64,${encoded}\n`
}

/**
 * esbuild's errors, when they are the user's to fix (each points into a file), as a
 * {@link CompileError} worded as tsx words a transform failure, so a broken module
 * reads the same with or without compiling. Anything else (esbuild itself failed)
 * means the graph is better left to tsx.
 */
function parseFailure(error: unknown, dir: string): CompileError | undefined {
  const errors = (error as Partial<EsbuildFailure> | null)?.errors
  if (!Array.isArray(errors) || errors.length === 0 || !errors.every((e) => e.location !== null)) return undefined
  const lines = errors.map((e) => `${resolve(dir, e.location!.file)}:${e.location!.line}:${e.location!.column}: ERROR: ${e.text}`)
  return new CompileError(`Transform failed with ${errors.length} error${errors.length === 1 ? '' : 's'}:\n${lines.join('\n')}`)
}
