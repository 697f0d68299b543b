import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { BufferPool, parseBufferPoolSettings } from '@multitask/core/backend'

/** A pool of SharedArrayBuffers that records what it made and freed. */
function pool(maxBytes = 1000, idleMs = 60_000) {
  const destroyed: SharedArrayBuffer[] = []
  const buffers = new BufferPool({ create: (n) => new SharedArrayBuffer(n), destroy: (b) => destroyed.push(b), maxBytes, idleMs })
  return { buffers, destroyed }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('BufferPool', () => {
  it('gives a released buffer to the next lease of the same size instead of making one', () => {
    const { buffers } = pool()
    const first = buffers.acquire(100)
    expect(first.origin).toBe('new')
    first.release()
    const second = buffers.acquire(100)
    expect(second.buffer).toBe(first.buffer)
    expect(second.origin).toBe('reused')
    expect(buffers.stats()).toMatchObject({ buffers: 1, bytes: 100, leased: 1, created: 1, reused: 1 })
  })

  it('prefers the buffer last leased for the same source, and says so', () => {
    const { buffers } = pool()
    const a = new ArrayBuffer(8)
    const b = new ArrayBuffer(8)
    const forA = buffers.acquire(100, a)
    const forB = buffers.acquire(100, b)
    forA.release()
    forB.release() // the most recently released, which a lease without a match would take
    const again = buffers.acquire(100, a)
    expect(again.buffer).toBe(forA.buffer)
    expect(again.origin).toBe('same-source')
    expect(buffers.acquire(100, a).origin).toBe('reused') // the other one, last filled from b
  })

  it('never leases one buffer twice at once', () => {
    const { buffers } = pool()
    const source = new ArrayBuffer(8)
    const leases = [buffers.acquire(100, source), buffers.acquire(100, source), buffers.acquire(100)]
    expect(new Set(leases.map((lease) => lease.buffer)).size).toBe(3)
    leases[0]!.release()
    leases[0]!.release() // a second release does not free it twice
    const next = [buffers.acquire(100), buffers.acquire(100)]
    expect(next[0]!.buffer).toBe(leases[0]!.buffer)
    expect(next[1]!.buffer).not.toBe(leases[0]!.buffer)
  })

  it('keeps buffers of another size apart', () => {
    const { buffers } = pool()
    buffers.acquire(100).release()
    const other = buffers.acquire(200)
    expect(other.origin).toBe('new')
    expect(other.buffer.byteLength).toBe(200)
  })

  it('honours maxBytes: idle buffers make room, leased ones past it are the lease’s own', () => {
    const { buffers, destroyed } = pool(250)
    const a = buffers.acquire(100)
    const b = buffers.acquire(100)
    a.release()
    // 100 leased + 100 idle + 100 new > 250: the idle one is freed to make room.
    const c = buffers.acquire(100, new ArrayBuffer(1)) // another size would be the same
    expect(c.origin).toBe('reused') // it took the idle one, no room needed
    const d = buffers.acquire(100)
    expect(d.pooled).toBe(false) // 300 would pass 250: d is its own
    expect(buffers.stats()).toMatchObject({ buffers: 2, bytes: 200, leased: 3 })
    d.release()
    expect(destroyed).toEqual([d.buffer])
    b.release()
    expect(buffers.acquire(200).pooled).toBe(false) // c's 100 stay leased: 300 would pass 250
    c.release()
    const big = buffers.acquire(200) // frees both idle ones to make room
    expect(big.pooled).toBe(true)
    expect(destroyed).toEqual(expect.arrayContaining([a.buffer, b.buffer]))
    expect(buffers.stats().bytes).toBeLessThanOrEqual(250)
    expect(buffers.acquire(1000).pooled).toBe(false) // larger than the cap: never kept
  })

  it('keeps nothing with maxBytes 0', () => {
    const { buffers, destroyed } = pool(0)
    const lease = buffers.acquire(10)
    expect(lease.pooled).toBe(false)
    lease.release()
    expect(destroyed).toEqual([lease.buffer])
    expect(buffers.stats()).toMatchObject({ buffers: 0, bytes: 0, leased: 0 })
  })

  it('frees a buffer left idle for idleMs, and not one in use', async () => {
    const { buffers, destroyed } = pool(1000, 30)
    const idle = buffers.acquire(100)
    const busy = buffers.acquire(100)
    idle.release()
    await sleep(120)
    expect(destroyed).toEqual([idle.buffer])
    expect(buffers.stats()).toMatchObject({ buffers: 1, bytes: 100, leased: 1 })
    busy.release()
    await sleep(120)
    expect(destroyed).toEqual([idle.buffer, busy.buffer])
    expect(buffers.stats().buffers).toBe(0)
  })

  it('clear() frees idle buffers now and leased ones when they come back', () => {
    const { buffers, destroyed } = pool()
    const idle = buffers.acquire(100)
    const busy = buffers.acquire(100)
    idle.release()
    buffers.clear()
    expect(destroyed).toEqual([idle.buffer])
    busy.release()
    expect(destroyed).toEqual([idle.buffer, busy.buffer])
    expect(buffers.stats()).toMatchObject({ buffers: 0, bytes: 0, leased: 0 })
  })

  it('does not keep the program alive while it holds idle buffers', () => {
    const script = `
      import { BufferPool } from '@multitask/core/backend'
      const pool = new BufferPool({ create: (n) => new SharedArrayBuffer(n), maxBytes: 1e9, idleMs: 600000 })
      pool.acquire(1024).release()
      console.log('done ' + pool.stats().buffers) // one string: a number alone may be coloured when FORCE_COLOR is set
    `
    const started = Date.now()
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', cwd: import.meta.dirname, timeout: 20_000 })
    expect(out.trim()).toBe('done 1')
    expect(Date.now() - started).toBeLessThan(15_000)
  })

  it('rejects a negative maxBytes or idleMs', () => {
    expect(() => new BufferPool({ create: () => 0, maxBytes: -1, idleMs: 0 })).toThrow(/maxBytes/)
    expect(() => new BufferPool({ create: () => 0, maxBytes: 0, idleMs: Number.NaN })).toThrow(/idleMs/)
  })
})

describe('parseBufferPoolSettings', () => {
  it('has defaults, takes sizes with units, and names the option in errors', () => {
    expect(parseBufferPoolSettings({})).toEqual({ maxBytes: 1024 ** 3, idleMs: 60_000 })
    expect(parseBufferPoolSettings({ bufferPoolSize: '2G', bufferPoolIdle: 5 })).toEqual({ maxBytes: 2 * 1024 ** 3, idleMs: 5 })
    expect(parseBufferPoolSettings({ bufferPoolSize: 0 })).toMatchObject({ maxBytes: 0 })
    expect(() => parseBufferPoolSettings({ bufferPoolSize: 'lots' })).toThrow(/`bufferPoolSize`.*'lots'/)
    expect(() => parseBufferPoolSettings({ bufferPoolSize: null })).toThrow(/`bufferPoolSize`/)
    expect(() => parseBufferPoolSettings({ bufferPoolIdle: -1 })).toThrow(/`bufferPoolIdle`.*-1/)
  })
})
