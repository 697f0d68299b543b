import { defineConfig, mergeConfig } from 'vitest/config'
import shared from '../../vitest.shared.ts'

// One redis-server for all files.
export default mergeConfig(shared, defineConfig({ test: { globalSetup: ['tests/global-setup.ts'] } }))
