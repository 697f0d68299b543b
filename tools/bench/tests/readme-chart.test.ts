import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

// Issue 17: the benchmark's chart is shown where the README discusses speed.
const root = fileURLToPath(new URL('../../..', import.meta.url))

describe('the README', () => {
  it('shows the benchmark chart in its Performance section', () => {
    const readme = readFileSync(`${root}/README.md`, 'utf8')
    const performance = readme.slice(readme.indexOf('\n## Performance'), readme.indexOf('\n## ', readme.indexOf('\n## Performance') + 1))
    const images = [...performance.matchAll(/!\[[^\]]+\]\((docs\/bench\/[^)]+\.svg)\)/g)].map((m) => m[1]!)
    expect(images).toEqual(['docs/bench/chart.svg'])
    expect(existsSync(`${root}/${images[0]}`)).toBe(true)
  })
})
