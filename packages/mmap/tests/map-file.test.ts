import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
// The built package, addon included: src/ has no compiled addon beside it.
import { discardWrites, mapFile, mapFileSupport, unmap } from '../dist/index.js'

let folder: string
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'mmap-test-'))
})
afterEach(() => rmSync(folder, { recursive: true, force: true }))

function fileOf(values: number[]): string {
  const path = join(folder, 'data.bin')
  writeFileSync(path, new Uint8Array(new Float64Array(values).buffer))
  return path
}

describe('mapFile', () => {
  it('is available on this machine (the build compiles the addon)', () => {
    expect(mapFileSupport()).toEqual({ available: true })
  })

  it('gives the bytes of the file', () => {
    const values = Array.from({ length: 100_000 }, (_, k) => k * 0.5)
    const mapped = new Float64Array(mapFile(fileOf(values), values.length * 8))
    expect(mapped.length).toBe(values.length)
    expect(Array.from(mapped)).toEqual(values)
  })

  it('maps only the first byteLength bytes', () => {
    const buffer = mapFile(fileOf([1, 2, 3, 4]), 16)
    expect(buffer.byteLength).toBe(16)
    expect(Array.from(new Float64Array(buffer))).toEqual([1, 2])
  })

  it('keeps writes to the buffer private: neither the file nor another mapping sees them', () => {
    const path = fileOf([1, 2, 3])
    const first = new Float64Array(mapFile(path, 24))
    first[0] = 99
    const second = new Float64Array(mapFile(path, 24))
    expect(first[0]).toBe(99)
    expect(second[0]).toBe(1)
    expect(Array.from(new Float64Array(new Uint8Array(readFileSync(path)).buffer))).toEqual([1, 2, 3])
  })

  it('stays readable after the file is removed', () => {
    const path = fileOf([7, 8, 9])
    const mapped = new Float64Array(mapFile(path, 24))
    unlinkSync(path)
    expect(Array.from(mapped)).toEqual([7, 8, 9])
  })

  it('gives an empty buffer for byteLength 0 without touching the file', () => {
    expect(mapFile(join(folder, 'absent.bin'), 0).byteLength).toBe(0)
  })

  it('says which file is missing, with its error code', () => {
    const path = join(folder, 'absent.bin')
    expect(() => mapFile(path, 8)).toThrow(expect.objectContaining({ code: 'ENOENT', message: expect.stringContaining(path) }))
  })

  it('names the error as Node does when the path is a folder', () => {
    expect(() => mapFile(folder, 8)).toThrow(expect.objectContaining({ code: 'EISDIR', message: expect.stringContaining(folder) }))
  })

  it('refuses a file shorter than byteLength, saying both sizes', () => {
    const path = fileOf([1])
    expect(() => mapFile(path, 16)).toThrow(new RangeError(`The file ${path} holds 8 bytes, fewer than the 16 expected.`))
  })

  it.each([-1, 1.5, Number.NaN])('refuses byteLength %s', (length) => {
    expect(() => mapFile(fileOf([1]), length)).toThrow(RangeError)
  })

  it('unmaps the file once the buffer is garbage-collected', () => {
    // A child with --expose-gc, so the collection is forced rather than hoped for.
    const script = `
      import { mapFile } from ${JSON.stringify(fileURLToPath(new URL('../dist/index.js', import.meta.url)))}
      import { readFileSync } from 'node:fs'
      const path = process.argv[1]
      const mapped = () => readFileSync('/proc/self/maps', 'utf8').includes(path)
      let buffer = mapFile(path, 8)
      const before = mapped()
      buffer = undefined
      for (let i = 0; i < 5 && mapped(); i++) { globalThis.gc(); await new Promise((r) => setTimeout(r, 20)) }
      console.log(JSON.stringify({ before, after: mapped() }))
    `
    const out = execFileSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script, fileOf([1])], { encoding: 'utf8' })
    expect(JSON.parse(out)).toEqual({ before: true, after: false })
  })
})

describe('shared mappings and unmap', () => {
  it('with shared: true, writes reach the file and other mappings', () => {
    const path = fileOf([1, 2, 3])
    const writer = new Float64Array(mapFile(path, 24, { shared: true }))
    const reader = new Float64Array(mapFile(path, 24))
    writer[1] = 42
    expect(reader[1]).toBe(42)
    expect(new Float64Array(new Uint8Array(readFileSync(path)).buffer)[1]).toBe(42)
  })

  it('unmap() ends a mapping now: the buffer is detached and gone from the process', () => {
    const path = fileOf([1, 2, 3])
    const buffer = mapFile(path, 24)
    const view = new Float64Array(buffer)
    const mapped = () => readFileSync('/proc/self/maps', 'utf8').includes(path)
    expect(mapped()).toBe(true)
    unmap(buffer)
    expect([buffer.byteLength, view.length]).toEqual([0, 0])
    expect(mapped()).toBe(false)
    expect(() => unmap(new ArrayBuffer(8))).toThrow(TypeError)
  })
})

describe('discardWrites', () => {
  const PAGE = 4096
  /** A file of `pages` pages, each filled with its page number. */
  function pagesFile(pages: number): string {
    const path = join(folder, 'pages.bin')
    const bytes = new Uint8Array(pages * PAGE)
    for (let p = 0; p < pages; p++) bytes.fill(p, p * PAGE, (p + 1) * PAGE)
    writeFileSync(path, bytes)
    return path
  }
  /** Rewrites the whole file in place (same inode), as loky's parent refills a kept segment. */
  function rewrite(path: string, value: number, pages: number): void {
    const fd = openSync(path, 'r+')
    writeSync(fd, new Uint8Array(pages * PAGE).fill(value), 0, pages * PAGE, 0)
    closeSync(fd)
  }

  it("drops only the pages this process wrote: the mapping shows the file's current bytes again", () => {
    const path = pagesFile(8)
    const buffer = mapFile(path, 8 * PAGE)
    const bytes = new Uint8Array(buffer)
    expect(bytes[3 * PAGE]).toBe(3) // touched, not written: the file's own page
    bytes[5 * PAGE] = 99 // a private copy of page 5
    bytes[6 * PAGE + 1] = 98 // and of page 6
    rewrite(path, 42, 8)
    // Unwritten pages already show the new bytes; written ones still hold the private copies.
    expect([bytes[3 * PAGE], bytes[5 * PAGE], bytes[6 * PAGE + 1]]).toEqual([42, 99, 98])
    expect(discardWrites(buffer)).toBe(2)
    expect([bytes[3 * PAGE], bytes[5 * PAGE], bytes[6 * PAGE + 1], bytes[8 * PAGE - 1]]).toEqual([42, 42, 42, 42])
    expect(Array.from(readFileSync(path)).every((b) => b === 42)).toBe(true) // the file never saw the writes
    expect(discardWrites(buffer)).toBe(0)
  })

  it('refuses a buffer it did not map, leaving it untouched', () => {
    const own = new Uint8Array(8 * PAGE).fill(7)
    expect(() => discardWrites(own.buffer)).toThrow(TypeError)
    expect(own.every((b) => b === 7)).toBe(true)
    expect(discardWrites(new ArrayBuffer(0))).toBe(0)
  })
})
