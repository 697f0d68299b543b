// `npm pack` of core and serial installs into an empty Node project, where the seed
// examples run from the published files alone.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

const packages = fileURLToPath(new URL('../..', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'multitask-pack-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const npm = (args: string[], cwd: string) =>
  execFileSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_loglevel: 'error' }, timeout: 180_000 })

describe('the packed packages', () => {
  it('install into an empty project and run the seed examples', () => {
    for (const name of ['core', 'serial']) npm(['pack', '--pack-destination', dir], join(packages, name))
    const tarballs = readdirSync(dir).filter((f) => f.endsWith('.tgz'))
    expect(tarballs.sort()).toEqual(['multitask-core-0.1.0.tgz', 'multitask-serial-0.1.0.tgz'])
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }))
    npm(['install', '--no-audit', '--no-fund', ...tarballs.map((t) => `./${t}`)], dir)
    writeFileSync(
      join(dir, 'seed.mjs'),
      `import { multitask, parallelBackend } from '@multitask/core'
       const numbers = [0, 1, 2, 3, 4]
       const addTen = (args, i) => args[i] + 10
       console.log(JSON.stringify(await multitask(addTen, numbers.keys(), numbers, null)))
       const skip = numbers.map((_, i) => i === 2)
       console.log(JSON.stringify(await multitask(addTen, numbers.keys(), numbers, null, { skip })))
       console.log(JSON.stringify(await parallelBackend('serial', { nJobs: 2 }, () => multitask(addTen, numbers.keys(), numbers, null))))`,
    )
    const out = execFileSync(process.execPath, ['seed.mjs'], { cwd: dir, encoding: 'utf8' })
    expect(out.trim().split('\n')).toEqual(['[10,11,12,13,14]', '[10,11,13,14]', '[10,11,12,13,14]'])
  })
})
