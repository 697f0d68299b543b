// The seed's examples as a library program: `npx tsx examples/add-ten.ts` (tools/conformance runs it in CI).
import { cpuCount, effectiveNJobs, multitask, parallelBackend } from '@multitask/core'

const numbers = [0, 1, 2, 3, 4]

function addTen(args: number[], i: number): number {
  return args[i]! + 10
}

// Form 1, in series: result[i] = addTen(numbers, i)
console.log(await multitask(addTen, numbers.keys(), numbers, null))

// Skip task 2
const skip = numbers.map((_, i) => i === 2)
console.log(await multitask(addTen, numbers.keys(), numbers, null, { skip }))

// In parallel on the threading backend, chosen with the context
console.log(await parallelBackend('threading', { nJobs: 2 }, () => multitask(addTen, numbers.keys(), numbers, null)))

// All CPUs on the default backend (processes when @multitask/loky is installed)
const squares = await multitask((_: null, x: number) => x * x, Array.from({ length: 1000 }, (_, i) => i), null, null, { jobs: -1 })
console.log(`${squares.length} squares on ${effectiveNJobs(-1)} of ${cpuCount()} CPUs, the last one ${squares.at(-1)}`)
