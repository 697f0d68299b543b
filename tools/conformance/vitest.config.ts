import { defineConfig, mergeConfig } from 'vitest/config'
import shared from '../../vitest.shared.ts'

// Each test runs the whole suite on one runtime.
export default mergeConfig(shared, defineConfig({ test: { testTimeout: 120_000 } }))
