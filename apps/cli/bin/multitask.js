#!/usr/bin/env node
// Committed, so npm links the `multitask` bin on install even in a fresh clone where
// dist/ is not built yet; a published package always ships dist/.
try {
  await import('../dist/main.js')
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('dist/main.js')) throw error
  process.stderr.write('multitask: the CLI is not built yet: run `npm run build` in the multitask repository first.\n')
  process.exitCode = 1
}
