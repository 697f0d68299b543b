/**
 * The sequential backend: every task in the calling thread, one after another.
 *
 * @packageDocumentation
 * @module @multitask/serial
 */
import './register.js'

export { serialBackend } from './serial-backend.js'
