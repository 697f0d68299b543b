import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Tests spawn real workers; keep files in one fork at a time so two suites
    // never fight over the machine's two cores.
    fileParallelism: false,
    testTimeout: 30_000,
    typecheck: { enabled: true, include: ['tests/**/*.test-d.ts'], tsconfig: './tsconfig.spec.json' },
  },
})
