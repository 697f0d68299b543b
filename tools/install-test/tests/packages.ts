// The packages as users get them: `npm pack` of each built package, published to the
// test's registry. Nothing here links the workspace.
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { cleanEnv } from './project.ts'

const REPO = fileURLToPath(new URL('../../../', import.meta.url))

/** Every published package, in the order they depend on each other. */
export const PUBLISHED = [
  'packages/core',
  'packages/serial',
  'packages/mmap',
  'packages/loky',
  'packages/threading',
  'packages/bullmq',
  'apps/cli',
] as const

export interface Tarball {
  readonly name: string
  readonly path: string
  /** Packed size in bytes. */
  readonly size: number
  readonly unpackedSize: number
  readonly files: readonly string[]
}

export function packAll(destination: string): Tarball[] {
  return PUBLISHED.map((folder) => {
    const out = execFileSync('npm', ['pack', '--json', '--pack-destination', destination], {
      cwd: `${REPO}${folder}`,
      encoding: 'utf8',
      env: cleanEnv(),
    })
    const [info] = JSON.parse(out) as { name: string; filename: string; size: number; unpackedSize: number; files: { path: string }[] }[]
    return {
      name: info!.name,
      path: `${destination}/${info!.filename}`,
      size: info!.size,
      unpackedSize: info!.unpackedSize,
      files: info!.files.map((file) => file.path),
    }
  })
}

export function publish(tarball: Tarball, registry: { url: string; npmrc: string }): void {
  execFileSync('npm', ['publish', tarball.path, '--registry', registry.url, '--userconfig', registry.npmrc], {
    encoding: 'utf8',
    env: cleanEnv(),
    stdio: 'pipe',
  })
}
