import { defineConfig, mergeConfig } from 'vitest/config'
import shared from '../../vitest.shared.ts'

// The quick bench runs every contestant of 11 workloads: about two minutes, three or more on a busy 2-core machine.
export default mergeConfig(shared, defineConfig({ test: { testTimeout: 600_000 } }))
