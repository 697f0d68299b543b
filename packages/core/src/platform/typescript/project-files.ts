// The files around a module that decide how it compiles and where its cache lives.
import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'

/** A file found above a module, with its content (what the cache checks for changes). */
export interface ProjectFile {
  readonly path: string
  readonly content: string
}

/**
 * Looks up the nearest `name` in `dir` and its parents, as Node finds a module's
 * package.json and TypeScript its tsconfig.json; remembers answers per folder for one
 * compile, since the files of a graph mostly share them.
 */
export class ProjectFiles {
  private readonly found = new Map<string, Promise<ProjectFile | undefined>>()

  nearest(dir: string, name: string): Promise<ProjectFile | undefined> {
    const key = join(dir, name)
    let pending = this.found.get(key)
    if (pending === undefined) {
      pending = readFile(key, 'utf8').then(
        (content) => ({ path: key, content }),
        () => (dirname(dir) === dir ? undefined : this.nearest(dirname(dir), name)),
      )
      this.found.set(key, pending)
    }
    return pending
  }

  /**
   * Whether Node runs a `.ts` file of `dir` as an ES module: its package.json says
   * `"type": "module"`. Otherwise the file is in CommonJS scope, where tsx gives it
   * `require` and the compiled module must too.
   */
  async moduleScope(dir: string): Promise<{ esm: boolean; packageJson: ProjectFile | undefined }> {
    const packageJson = await this.nearest(dir, 'package.json')
    let type: unknown
    try {
      type = packageJson === undefined ? undefined : (JSON.parse(packageJson.content) as { type?: unknown }).type
    } catch {
      type = undefined // Node fails on such a package.json itself; tsx would too
    }
    return { esm: type === 'module', packageJson }
  }
}
