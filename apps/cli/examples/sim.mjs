// A small Monte Carlo simulation per parameter set: the estimate of pi from `samples`
// random points, with a seeded generator so that a run is reproducible.
//   npx multitask run sim.mjs#run --items params.json --jobs -1 --ndjson
export function run(_args, params) {
  let state = params.seed >>> 0 || 1
  const random = () => {
    // xorshift32
    state ^= state << 13
    state ^= state >>> 17
    state ^= state << 5
    return (state >>> 0) / 4294967296
  }
  let inside = 0
  for (let k = 0; k < params.samples; k++) {
    const x = random()
    const y = random()
    if (x * x + y * y <= 1) inside++
  }
  return { seed: params.seed, samples: params.samples, pi: (4 * inside) / params.samples }
}
