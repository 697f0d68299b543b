import { afterAll, describe, expect } from 'vitest'
import { failedTaskIndex, RemoteTaskError } from '@multitask/core'
import { BACKENDS, double, endAll, range, rejectionOf, row, watchdog } from './backends.ts'
import { capturingLogger } from './logger.ts'

const tasks = new URL('./fixtures/tasks.mjs', import.meta.url)

afterAll(endAll)

describe.each(BACKENDS)('values on $name', (b) => {
  const inWorker = b.name !== 'serial'

  describe('thrown non-errors come back recognisably', () => {
    row(b, 'a thrown string comes back as that string', {}, async () => {
      const throwsString = (_: null, i: number) => {
        if (i === 3) throw 'plain string'
        return i
      }
      expect(await rejectionOf(b.run(throwsString, range(6), null))).toBe('plain string')
      expect(await b.run(double, range(3), null)).toEqual([0, 2, 4])
    })

    row(b, 'a thrown undefined comes back as undefined', {}, async () => {
      const throwsUndefined = (_: null, i: number) => {
        if (i === 1) throw undefined
        return i
      }
      expect(await rejectionOf(b.run(throwsUndefined, range(4), null))).toBeUndefined()
    })

    row(b, 'a thrown plain object comes back with its fields', {}, async () => {
      const throwsObject = (_: null, i: number) => {
        if (i === 2) throw { reason: 'bad item', item: i, nested: { list: [1, 2] } }
        return i
      }
      expect(await rejectionOf(b.run(throwsObject, range(4), null))).toEqual({ reason: 'bad item', item: 2, nested: { list: [1, 2] } })
    })

    row(b, 'an Error subclass with extra fields keeps its name, message, fields, task index and stack', {}, async () => {
      const throwsCustom = (_: null, i: number) => {
        class ValidationError extends Error {
          override name = 'ValidationError'
          code = 'E_VALIDATION'
          details = { item: i, limits: [0, 10] }
        }
        if (i === 7) throw new ValidationError(`item ${i} is out of range`)
        return i
      }
      const error = await rejectionOf(b.run(throwsCustom, range(10), null))
      expect(error).toMatchObject({
        name: 'ValidationError',
        message: 'item 7 is out of range',
        code: 'E_VALIDATION',
        details: { item: 7, limits: [0, 10] },
      })
      expect(failedTaskIndex(error)).toBe(7)
      expect((error as Error).stack).toMatch(/throwsCustom|ValidationError/)
      // In a worker, the error is rebuilt in the caller: a RemoteTaskError with the original name.
      if (inWorker) expect(error).toBeInstanceOf(RemoteTaskError)
      else expect(error).not.toBeInstanceOf(RemoteTaskError)
    })
  })

  describe('values that cannot be copied', () => {
    row(b, 'a function as a result: a clear DataCloneError naming the task (serial: returned as is)', {}, async () => {
      const returnsFunction = (_: null, i: number) => () => i
      if (!inWorker) {
        const [f] = (await b.run(returnsFunction, range(2), null)) as Array<() => number>
        expect(f!()).toBe(0)
        return
      }
      const error = await rejectionOf(b.run(returnsFunction, range(2), null))
      expect(error).toMatchObject({ name: 'DataCloneError' })
      expect((error as Error).message).toMatch(/results? of tasks? \d.*cannot be sent back from the worker/)
      expect(await b.run(double, range(3), null)).toEqual([0, 2, 4])
    })

    row(b, 'a symbol as a result: a clear DataCloneError naming the task (serial: returned as is)', {}, async () => {
      const returnsSymbol = (_: null, i: number) => Symbol.for(`s${i}`)
      if (!inWorker) {
        expect(await b.run(returnsSymbol, range(2), null)).toEqual([Symbol.for('s0'), Symbol.for('s1')])
        return
      }
      const error = await rejectionOf(b.run(returnsSymbol, range(2), null))
      expect(error).toMatchObject({ name: 'DataCloneError' })
      expect((error as Error).message).toMatch(/cannot be sent back from the worker/)
    })

    row(b, 'a class instance with a #private field as a result: a plain object of its own fields (structured clone)', {}, async () => {
      const returnsInstance = (_: null, i: number) => {
        class Point {
          #secret = 'hidden'
          x = i
          reveal() {
            return this.#secret
          }
        }
        return new Point()
      }
      const [first] = (await b.run(returnsInstance, range(2), null)) as Array<{ x: number; reveal?: () => string }>
      expect(first!.x).toBe(0)
      if (inWorker) {
        // Structured cloning keeps own fields only: the prototype and the private field stay in the worker.
        expect(Object.getPrototypeOf(first)).toBe(Object.prototype)
        expect(first!.reveal).toBeUndefined()
      } else {
        expect(first!.reveal!()).toBe('hidden')
      }
    })

    row(b, 'a function or symbol in args: runs in series with one warning naming args (serial: passed as is)', {}, async () => {
      for (const args of [{ scale: 3, f: (x: number) => x }, { scale: 3, tag: Symbol('tag') }]) {
        const { logger, records } = capturingLogger()
        const scaled = (a: { scale: number }, i: number) => a.scale * i
        expect(await watchdog(b.run(scaled, range(5), args, null, { logger }), 30_000)).toEqual([0, 3, 6, 9, 12])
        const warnings = records.filter((r) => r.level === 'WARN')
        if (inWorker) {
          expect(warnings).toHaveLength(1)
          expect(warnings[0]!.text).toMatch(/running in series instead of on the ".*" backend: .*(args|copied|cloned)/)
        } else {
          expect(warnings).toEqual([])
        }
      }
    })
  })

  row(b, 'a 100 MB result comes back intact, byte for byte', {}, async () => {
    const [big, small] = (await watchdog(b.run({ module: tasks, name: 'bigResult' }, [5, 6], { mb: 100 }), 60_000)) as Uint8Array[]
    expect(big!.byteLength).toBe(100 * 2 ** 20)
    let wrong = -1
    for (let k = 0; k < big!.length; k++) {
      if (big![k] !== ((k * 31 + 5) & 255)) {
        wrong = k
        break
      }
    }
    expect(wrong).toBe(-1)
    expect(small![12345]).toBe((12345 * 31 + 6) & 255)
  }, 60_000)
})
