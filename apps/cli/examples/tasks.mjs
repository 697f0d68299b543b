// The task module of the CLI README's examples (plain JavaScript: it runs on any Node,
// without tsx). Run from this folder:
//   npx multitask run tasks.mjs#square --range 0:10 --jobs -1
export function square(_args, x) {
  return x * x
}

// Form 2: multitask run tasks.mjs#affine --items points.json --args 2 --kwargs '{"offset":1}'
export function affine(scale, kwargs, x) {
  return scale * x + kwargs.offset
}

// A slow task: sleeps `args` milliseconds, then returns its item.
export async function slow(args, x) {
  await new Promise((done) => setTimeout(done, args ?? 200))
  return x
}
