// A CPU-heavy task module: how many primes lie in block `block` of `size` numbers.
//   multitask run apps/cli/examples/count-primes.ts#countPrimes --range 0:64 --args 20000 --jobs -1
export function countPrimes(size: number, block: number): number {
  let count = 0
  for (let n = Math.max(2, block * size); n < (block + 1) * size; n++) {
    let prime = true
    for (let d = 2; d * d <= n; d++) {
      if (n % d === 0) {
        prime = false
        break
      }
    }
    if (prime) count++
  }
  return count
}
