import { describe, expect, it } from 'vitest'
import { multitask, parseMaxNbytes } from '@multitask/core'

const identity = (_: null, i: unknown) => i

describe('option validation', () => {
  it('rejects forceThreading with forceProcesses whatever jobs is', async () => {
    for (const jobs of [undefined, 1, 4]) {
      await expect(
        multitask(identity, [1], null, null, { jobs, forceThreading: true, forceProcesses: true }),
      ).rejects.toThrow(new TypeError('Can either force threading or processes, not both.'))
    }
  })

  it('rejects unknown options, naming them', async () => {
    await expect(multitask(identity, [1], null, null, { njobs: 2 } as never)).rejects.toThrow(
      /Unknown multitask option `njobs`/,
    )
  })

  it('rejects non-boolean force flags and non-logger loggers', async () => {
    await expect(multitask(identity, [1], null, null, { forceThreading: 'yes' as never })).rejects.toThrow(
      /`forceThreading` must be true or false; received 'yes'/,
    )
    await expect(multitask(identity, [1], null, null, { logger: {} as never })).rejects.toThrow(/`logger` must be/)
  })

  it('checks options before running anything', async () => {
    let ran = 0
    await expect(multitask(() => ran++, [1, 2], null, null, { maxNbytes: '1 megabyte' })).rejects.toThrow(TypeError)
    expect(ran).toBe(0)
  })
})

describe('maxNbytes', () => {
  it('parses byte counts and K/M/G strings as powers of 1024', () => {
    expect(parseMaxNbytes('1M')).toBe(1048576)
    expect(parseMaxNbytes('1m')).toBe(1048576)
    expect(parseMaxNbytes('512K')).toBe(524288)
    expect(parseMaxNbytes('2G')).toBe(2 * 1024 ** 3)
    expect(parseMaxNbytes('1.5K')).toBe(1536)
    expect(parseMaxNbytes('1000')).toBe(1000)
    expect(parseMaxNbytes(4096)).toBe(4096)
    expect(parseMaxNbytes(0)).toBe(0)
    expect(parseMaxNbytes(null)).toBe(null)
  })

  it.each(['1MB', 'M', '', '1 T', '-1M', 'one', '1e3'])('rejects %j with a TypeError naming maxNbytes', (bad) => {
    expect(() => parseMaxNbytes(bad)).toThrow(TypeError)
    expect(() => parseMaxNbytes(bad)).toThrow(/`maxNbytes`/)
  })

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('rejects %d with a RangeError', (bad) => {
    expect(() => parseMaxNbytes(bad)).toThrow(RangeError)
  })

  it('rejects other types', () => {
    expect(() => parseMaxNbytes(true)).toThrow(/`maxNbytes` must be.*true/)
    expect(() => parseMaxNbytes({})).toThrow(TypeError)
  })
})
