// Bundles the worker subpath (`@multitask/core/worker`) into one file, dist/worker.js.
// Every worker thread and process loads it when it starts: one module instead of
// twenty halves its load time, which is on the critical path of a call's first batch.
// `#platform` stays an import, so each runtime still gets its own platform module.
// The state a worker shares with a copy of core that a task imports (nesting level,
// task scope, console capture) lives on globalThis, so the two copies agree.
import { build } from 'esbuild'

await build({
  entryPoints: [new URL('../dist/worker/index.js', import.meta.url).pathname],
  outfile: new URL('../dist/worker.js', import.meta.url).pathname,
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  external: ['#platform'],
  sourcemap: true,
  sourcesContent: true,
  logLevel: 'warning',
})
