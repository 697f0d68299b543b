/**
 * The process backend: a pool of child processes on tinypool, the counterpart of joblib's loky.
 *
 * @packageDocumentation
 * @module @multitask/loky
 */
import './register.js'

export { createLokyBackend, type LokyBackend } from './loky-backend.js'
export { lokyBackend, shutdown } from './default-backend.js'
export type { LokyOptions } from './options.js'
export { fileMapping, type FileMapping } from './file-mapper.js'
