import { defineConfig } from 'vitest/config'

/**
 * The test setup every project starts from (its `vitest.config.ts` merges its own
 * differences in with `mergeConfig`). Tests run real workers, processes and servers:
 * files run one at a time so two suites never fight over the machine's two cores, and
 * the timeouts leave room for a slow shared machine, not for slow code.
 */
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Type-level tests (`*.test-d.ts`) of the libraries, checked against their spec config.
    typecheck: { enabled: true, include: ['tests/**/*.test-d.ts'], tsconfig: './tsconfig.spec.json' },
  },
})
