// Objects that are not plain data (functions, sockets, clients, class instances) are
// keyed by identity: two of them are the same option only when they are the same object.
const identities = new WeakMap<object, number>()
const symbols = new Map<symbol, number>() // symbols cannot all be WeakMap keys; options rarely hold any
let nextIdentity = 0

/**
 * A string that is equal for two option values exactly when they mean the same thing:
 * plain objects compared by every key at every depth (in any key order), arrays in
 * order, primitives by type and value, everything else by identity.
 */
export function stableKey(value: unknown): string {
  return keyOf(value, new Set())
}

function keyOf(value: unknown, seen: Set<object>): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value)
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value)
    case 'bigint':
      return `${value}n`
    case 'boolean':
    case 'undefined':
      return String(value)
    case 'symbol':
    case 'function':
      return identityOf(value as object)
  }
  if (value === null) return 'null'
  const object = value as object
  if (seen.has(object)) return identityOf(object) // a cycle
  if (object instanceof URL) return `URL(${JSON.stringify(object.href)})`
  if (object instanceof Date) return `Date(${object.getTime()})`
  seen.add(object)
  try {
    if (Array.isArray(object)) return `[${object.map((item) => keyOf(item, seen)).join(',')}]`
    const proto = Object.getPrototypeOf(object) as unknown
    if (proto !== Object.prototype && proto !== null) return identityOf(object)
    const record = object as Record<string, unknown>
    const keys = Object.keys(record).sort()
    return `{${keys.map((key) => `${JSON.stringify(key)}:${keyOf(record[key], seen)}`).join(',')}}`
  } finally {
    seen.delete(object)
  }
}

function identityOf(value: object | symbol): string {
  const ids = (typeof value === 'symbol' ? symbols : identities) as Map<object | symbol, number>
  let id = ids.get(value)
  if (id === undefined) ids.set(value, (id = nextIdentity++))
  return `#${id}`
}
