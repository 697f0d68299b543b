import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import type { ModuleReference } from '@multitask/core'
import { UsageError } from './errors.js'

/** A module reference to an exported task function, with its resolved module and export. */
export type TaskReference = ModuleReference<(...args: any[]) => unknown> & { readonly name: string; readonly module: string }

const LOOKS_LIKE_A_FILE = /^\.{1,2}[\\/]|^[\\/]|^[a-z]:[\\/]|\.[cm]?[jt]sx?$/i

/**
 * Turns `path/to/tasks.ts#name` into a module reference. The export defaults to
 * `default`. A file that exists, or anything that looks like a path, is taken as a
 * file relative to the working directory (so `tasks.js` works without `./`); any
 * other text is a package name.
 */
export function parseModuleSpec(spec: string): TaskReference {
  const hash = spec.lastIndexOf('#')
  const file = hash === -1 ? spec : spec.slice(0, hash)
  const name = hash === -1 ? 'default' : spec.slice(hash + 1)
  if (file === '') throw new UsageError(`The task module is missing in "${spec}"; write <module>[#export], e.g. tasks.js#square.`)
  if (name === '') throw new UsageError(`The export name is missing after "#" in "${spec}"; write <module>#<export>, or leave out "#" for the default export.`)
  const module = existsSync(file) || LOOKS_LIKE_A_FILE.test(file) ? resolve(file) : file
  return { module, name }
}
