import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Tests spawn the built CLI, some with worker pools; one file at a time so two
    // suites never fight over the machine's two cores.
    fileParallelism: false,
    testTimeout: 30_000,
  },
})
