// Compiles a TypeScript task module once, for the caller and all its workers.
import { fileURLToPath, pathToFileURL } from 'node:url'
import { cacheRootFor, lookUp, prune, store } from './compile-cache.js'
import { CompileError, compileGraph, NotCompilable } from './compile-graph.js'
import { loadEsbuild } from './esbuild-api.js'
import { ProjectFiles } from './project-files.js'

export { CompileError } from './compile-graph.js'

/**
 * The `file:` URL of `url`'s module compiled to JavaScript, from the cache when every
 * file it was compiled from is unchanged (no compiler is loaded then), else compiled
 * now with esbuild. `undefined` when the module should load through tsx instead: it is
 * not a local file, esbuild is not installed, the cache cannot be written, or its graph
 * has something the compiled form would run differently (CommonJS TypeScript, a package
 * that resolves to another file from the cache folder). Rejects with a
 * {@link CompileError} when a file does not parse.
 */
export async function compileTypeScriptModule(url: string): Promise<string | undefined> {
  try {
    return await compile(url)
  } catch (error) {
    if (error instanceof CompileError) throw error
    return undefined // a fault of the compiler's own: tsx still loads the module
  }
}

async function compile(url: string): Promise<string | undefined> {
  if (!url.startsWith('file:')) return undefined
  const entry = fileURLToPath(url)
  const project = new ProjectFiles()
  const root = await cacheRootFor(entry, project)
  if (root === undefined) return undefined
  const cached = await lookUp(root, entry)
  if (cached !== undefined) return pathToFileURL(cached).href
  const esbuild = loadEsbuild()
  if (esbuild === undefined) return undefined
  let graph: Awaited<ReturnType<typeof compileGraph>>
  try {
    graph = await compileGraph(esbuild, entry, root, project)
  } finally {
    await esbuild.stop() // its service process would otherwise idle as long as this process runs
  }
  if (graph instanceof NotCompilable) return undefined
  let compiled: string
  try {
    compiled = await store(root, entry, graph)
  } catch {
    return undefined // a full disk, a cache made read-only meanwhile: tsx still works
  }
  await prune(root).catch(() => undefined)
  return pathToFileURL(compiled).href
}
