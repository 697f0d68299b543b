import { readFile } from 'node:fs/promises'
import { UsageError } from './errors.js'
import { parseJson } from './inputs.js'

/**
 * Reads an option given as inline JSON (`--args '[1,2]'`) or as `@file.json`
 * (curl's convention); `undefined` when the option was not given.
 */
export async function readJsonOption(option: string, value: string | undefined): Promise<unknown> {
  if (value === undefined) return undefined
  if (!value.startsWith('@')) return parseJson(value, `${option} ${JSON.stringify(value)}`)
  const path = value.slice(1)
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw new UsageError(`${option}: cannot read ${path}: ${(error as Error).message}`)
  }
  return parseJson(text, `${option} file ${path}`)
}
