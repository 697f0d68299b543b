// The task module of the local cluster example: every worker imports it from this path.
export function square(_args, x) {
  return x * x
}
