import type { Summary } from './stats.js'

/** Three significant digits, no exponent, thousands grouped. */
export function num(value: number): string {
  if (!Number.isFinite(value)) return '–'
  const abs = Math.abs(value)
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 })
}

/** What follows a number in a unit: `2.1x`, `3 ms`, `12 µs`. */
export const unitSuffix = (unit: string) => (unit === 'x' ? 'x' : ` ${unit}`)

export const range = (s: Summary, unit = '') => `${num(s.min)}–${num(s.max)}${unit}`
export const withRange = (s: Summary, unit = '') => `${num(s.median)}${unit} (${range(s, unit)})`

/** A duration in ms, switching to s above 10 s. */
export function ms(value: number): string {
  return value >= 10_000 ? `${num(value / 1000)} s` : `${num(value)} ms`
}
