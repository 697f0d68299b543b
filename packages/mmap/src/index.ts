/**
 * Maps a file into a private, copy-on-write ArrayBuffer (a Node-API addon), and drops
 * a process's writes to such a mapping so it can be reused. Also ends a worker process
 * whose parent is gone, from a native thread ({@link watchParent}).
 *
 * @packageDocumentation
 * @module @multitask/mmap
 */
export { mapFile, mapFileSupport, discardWrites, unmap, type MapFileOptions } from './map-file.js'
export { watchParent, removeWithParent } from './parent-watch.js'
