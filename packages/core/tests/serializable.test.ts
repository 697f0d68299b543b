import { describe, expect, it } from 'vitest'
import { findUnserializable } from '@multitask/core/backend'

describe('findUnserializable', () => {
  it('names the first value the V8 serializer refuses, with its message', () => {
    const values = [1, new Map([[1, 2n]]), new Date(0), () => 2, Symbol('s')]
    expect(findUnserializable(values)).toEqual({ index: 3, message: expect.stringContaining('could not be cloned') })
  })

  it('finds nothing when every value travels, typed arrays and BigInts included', () => {
    expect(findUnserializable([new Float64Array(3), 10n, undefined, { a: [new Set([1])] }])).toBeUndefined()
  })
})
