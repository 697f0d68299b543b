import { getHeapStatistics } from 'node:v8'

/**
 * This thread's memory for `workerMemoryLimit`: heap used plus external memory, where
 * typed arrays and buffers live (the process's RSS would count every thread). Bun's
 * heap statistics cost hundreds of µs; its `process.memoryUsage()` gives the same two
 * figures for the calling thread in µs. (On Bun every figure grows in steps, as
 * JavaScriptCore accounts for buffers lazily: a thread may run a task or two past the
 * limit before the reading shows it.)
 */
export const threadMemoryUsed: () => number =
  'Bun' in globalThis
    ? () => {
        const usage = process.memoryUsage()
        return usage.heapUsed + usage.external
      }
    : () => {
        const heap = getHeapStatistics()
        return heap.used_heap_size + heap.external_memory
      }
