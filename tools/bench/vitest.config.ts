import { defineConfig, mergeConfig } from 'vitest/config'
import shared from '../../vitest.shared.ts'

// The quick bench runs every contestant once: minutes, not seconds.
export default mergeConfig(shared, defineConfig({ test: { testTimeout: 300_000 } }))
