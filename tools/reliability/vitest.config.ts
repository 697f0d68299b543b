import { defineConfig, mergeConfig } from 'vitest/config'
import shared from '../../vitest.shared.ts'

// One file at a time (the shared default) also keeps one file's process-table checks
// free of another file's workers; some tests make a thousand calls.
export default mergeConfig(shared, defineConfig({ test: { testTimeout: 60_000, hookTimeout: 60_000 } }))
