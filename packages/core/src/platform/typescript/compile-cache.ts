// Where compiled module graphs live, and how a process finds one still valid without
// compiling: each graph is a folder named by the hash of its code, and a manifest per
// entry module lists the files the graph was compiled from, with hashes of their content.
import { randomUUID } from 'node:crypto'
import { constants } from 'node:fs'
import { access, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { hashOf, TYPESCRIPT_FILE, type CompiledGraph } from './compile-graph.js'
import type { ProjectFiles } from './project-files.js'

// Bump when compiled code changes shape, so caches of older versions are not used.
const FORMAT = 1
// Graphs no manifest names any more, and temporary folders, are deleted after this long:
// another process may still be starting workers that import an older graph.
const KEEP_UNUSED_MS = 60 * 60 * 1000
const TEMP_PREFIX = '.tmp-'

interface Manifest {
  readonly format: number
  readonly entry: string
  readonly graph: string
  readonly compiled: string
  readonly inputs: readonly (readonly [path: string, hash: string])[]
}

/**
 * The cache folder for modules of `entry`'s project: `node_modules/.cache/multitask/ts`
 * beside the nearest package.json, where packages the modules import resolve as they do
 * from the sources (the compiler checks that they do); the system's temp folder when
 * there is no project or it is not writable. `undefined` when neither can be written.
 */
export async function cacheRootFor(entry: string, project: ProjectFiles): Promise<string | undefined> {
  const packageJson = await project.nearest(dirname(entry), 'package.json')
  const user = process.getuid?.() ?? 'user'
  const candidates = [
    packageJson === undefined ? undefined : { root: join(dirname(packageJson.path), 'node_modules', '.cache', 'multitask', 'ts') },
    // Shared by the machine's users: each has a folder only they can write to.
    { root: join(tmpdir(), `multitask-ts-${user}`), mode: 0o700 },
  ]
  for (const candidate of candidates) {
    if (candidate === undefined) continue
    const { root, mode } = candidate
    try {
      await mkdir(root, { recursive: true, mode })
      await access(root, constants.W_OK)
      // Code is imported from here: a temp folder someone else made is not to be trusted.
      if (mode !== undefined && (await stat(root)).uid !== process.getuid?.()) continue
      return root
    } catch {
      // Read-only or not ours: try the next place.
    }
  }
  return undefined
}

/** The compiled entry of `entry` when a graph compiled from the current content of every input is in the cache. */
export async function lookUp(root: string, entry: string): Promise<string | undefined> {
  try {
    const manifest = JSON.parse(await readFile(manifestPath(root, entry), 'utf8')) as Manifest
    if (manifest.format !== FORMAT || manifest.entry !== entry) return undefined
    const current = await Promise.all(manifest.inputs.map(([path]) => readFile(path, 'utf8').then(hashOf)))
    if (manifest.inputs.some(([, hash], i) => current[i] !== hash)) return undefined
    const compiled = join(root, manifest.graph, manifest.compiled)
    await access(compiled)
    return compiled
  } catch {
    return undefined // no manifest, an input gone, or the graph deleted: compile again
  }
}

/**
 * Writes a graph and its manifest, each under a temporary name first and then renamed,
 * so another process compiling the same module at the same time never sees half a
 * graph; resolves with the path of the compiled entry.
 */
export async function store(root: string, entry: string, graph: CompiledGraph): Promise<string> {
  const names = [...graph.files.keys()].sort()
  const graphName = hashOf(names.map((name) => `${name}\0${graph.files.get(name)}`).join('\0')).slice(0, 24)
  const folder = join(root, graphName)
  if (!(await exists(join(folder, graph.entry)))) {
    const temp = join(root, `${TEMP_PREFIX}${randomUUID()}`)
    try {
      await mkdir(temp)
      await Promise.all(names.map((name) => writeFile(join(temp, name), graph.files.get(name)!)))
      await rename(temp, folder).catch(async (error: NodeJS.ErrnoException) => {
        // Another process put the same graph (same name, same content) in place first.
        if (!(await exists(join(folder, graph.entry)))) throw error
      })
    } finally {
      await rm(temp, { recursive: true, force: true })
    }
  }
  const manifest: Manifest = { format: FORMAT, entry, graph: graphName, compiled: graph.entry, inputs: [...graph.inputs] }
  const temp = join(root, `${TEMP_PREFIX}${randomUUID()}.json`)
  try {
    await writeFile(temp, JSON.stringify(manifest))
    await rename(temp, manifestPath(root, entry))
  } finally {
    await rm(temp, { force: true })
  }
  return join(folder, graph.entry)
}

/** Deletes graphs no manifest names and temporary files left by a process that died, once they are old enough. */
export async function prune(root: string): Promise<void> {
  const entries = await readdir(root, { withFileTypes: true })
  const named = new Set<string>()
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.endsWith('.json') || entry.name.startsWith(TEMP_PREFIX)) continue
    const manifest = await readFile(join(root, entry.name), 'utf8').then((text) => JSON.parse(text) as Manifest, () => undefined)
    if (manifest?.graph !== undefined) named.add(manifest.graph)
  }
  const now = Date.now()
  await Promise.allSettled(
    entries
      .filter((entry) => (entry.isDirectory() && !named.has(entry.name)) || entry.name.startsWith(TEMP_PREFIX))
      .map(async (entry) => {
        const path = join(root, entry.name)
        const { mtimeMs } = await stat(path)
        if (now - mtimeMs > KEEP_UNUSED_MS) await rm(path, { recursive: true, force: true })
      }),
  )
}

/** One manifest per entry module and Node version (the code is compiled for the Node that runs it). */
function manifestPath(root: string, entry: string): string {
  const key = hashOf(`${FORMAT}\0${process.versions.node}\0${entry}`).slice(0, 24)
  return join(root, `${basename(entry).replace(TYPESCRIPT_FILE, '')}-${key}.json`)
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  )
}
