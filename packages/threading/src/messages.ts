import type { BatchRequest } from '@multitask/core/backend'

/**
 * What the parent sends to the function a worker thread exposes: a batch for core's
 * worker runtime, or the end of a call, so the thread drops the call's function and
 * arguments instead of holding them until they fall out of the runtime's cache.
 */
export type ThreadMessage =
  | { readonly kind: 'batch'; readonly request: BatchRequest }
  | { readonly kind: 'forget'; readonly callId: string }
