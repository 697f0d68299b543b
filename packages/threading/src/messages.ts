import type { BatchReply, BatchRequest } from '@multitask/core/backend'

/**
 * What the parent posts to a worker thread: a batch for core's worker runtime, or the
 * ends of calls, so the thread drops their functions and arguments instead of holding
 * them until they fall out of the runtime's cache. Ended calls also ride along with
 * the next batch, which saves a message per call.
 */
export type ThreadMessage =
  | { readonly kind: 'batch'; readonly request: BatchRequest; readonly forget?: readonly string[] }
  | { readonly kind: 'forget'; readonly callIds: readonly string[] }

/** What a worker thread posts back: that it is ready (once), or its reply to the batch it was sent. */
export type ThreadReply = { readonly kind: 'ready' } | { readonly kind: 'reply'; readonly reply: BatchReply }
