import { platform } from '#platform'

/**
 * The index of the first value that V8's serializer refuses, with the serializer's
 * message, or `undefined` when it takes them all. Backends that send values to other
 * processes use it to name the culprit (which task's item or result) in their errors.
 *
 * @example
 * ```ts
 * findUnserializable([1, () => 2]) // { index: 1, message: '() => 2 could not be cloned.' }
 * ```
 */
export function findUnserializable(values: readonly unknown[]): { index: number; message: string } | undefined {
  for (let index = 0; index < values.length; index++) {
    try {
      platform.assertSerializable(values[index])
    } catch (error) {
      return { index, message: (error as Error).message }
    }
  }
  return undefined
}
