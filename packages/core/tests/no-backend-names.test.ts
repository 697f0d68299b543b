// Core names no backend in its code: it chooses by capabilities, and the packages it
// looks for are listed in one data file (src/backend/candidates.json). Comments and
// docs may mention backends; string literals and identifiers in code may not.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const SRC = fileURLToPath(new URL('../src/', import.meta.url))
const NAMES = /\b(?:loky|threading|bullmq|mmap)\b|@multitask\/(?!core\b)[a-z-]+/g

function withoutComments(code: string): string {
  return code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1')
}

describe("core's source", () => {
  it('names no other backend outside comments (the seed\'s "force threading" message aside)', () => {
    const files = readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'))
    expect(files.length).toBeGreaterThan(30)
    const found: string[] = []
    for (const file of files) {
      const code = withoutComments(readFileSync(join(SRC, file), 'utf8')).replace('Can either force threading or processes, not both.', '')
      for (const match of code.match(NAMES) ?? []) found.push(`${file}: ${match}`)
    }
    expect(found).toEqual([])
  })
})
