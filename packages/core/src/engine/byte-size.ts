// A size as people write it: '512M', '512 MiB', '1.5 GiB', '2G', '1000'. Letters are
// powers of 1024 (joblib's reading of 'M'), optionally followed by 'iB'; 'MB' is refused,
// as it means 10^6 to many readers.
// Written here rather than taken from `bytes`, which reads '512M' as 512 bytes and
// '12 apples' as 12: a size limit must never be misread.
const UNITS: Readonly<Record<string, number>> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }
const PATTERN = /^\s*(\d+(?:\.\d+)?)\s*(?:([kmg])(?:ib)?)?\s*$/i

/** What {@link parseByteSize} accepts, for error messages. */
export const BYTE_SIZE_FORMS = "a number of bytes or a size such as '512M', '512 MiB', '1.5 GiB' or '2G' (powers of 1024)"

/**
 * Bytes in a size string, rounded down; `undefined` when the text is not a size
 * (a unit of its own, a sign, nothing at all).
 */
export function parseByteSize(text: string): number | undefined {
  const match = PATTERN.exec(text)
  if (match === null) return undefined
  return Math.floor(Number(match[1]) * UNITS[(match[2] ?? '').toLowerCase()]!)
}
