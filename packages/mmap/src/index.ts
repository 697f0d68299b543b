/**
 * Maps a file into a private, copy-on-write ArrayBuffer (a Node-API addon).
 *
 * @packageDocumentation
 * @module @multitask/mmap
 */
export { mapFile, mapFileSupport } from './map-file.js'
