import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Every file starts real workers; one file at a time keeps the two cores for them,
    // and keeps one file's process-table checks free of another file's workers.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
