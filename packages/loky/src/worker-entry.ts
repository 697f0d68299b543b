/**
 * The module each worker process loads (tinypool imports it and calls its default
 * export with every message). It decodes a batch, hands it to core's worker runtime
 * (which rebuilds the function, caches the call's arguments and runs the tasks) and
 * encodes the reply.
 */
import { rmSync } from 'node:fs'
import { createWorkerRuntime, findUnserializable, type BatchReply, type BatchRequest, type CallPayload } from '@multitask/core/worker'
import { hasSharedData } from './arg-markers.js'
import { loadFileMapper } from './file-mapper.js'
import { KeptMappings } from './kept-mappings.js'
import { exitWithParent } from './orphan-watchdog.js'
import { withResultFiles } from './result-files.js'
import { announceRetirement } from './retire-signal.js'
import { unshareLargeData } from './unshare-args.js'
import { decode, encode, toPipe, type PipeBytes, type WireHead, type WireMessage } from './wire.js'

// Started as the module loads, awaited before any batch runs: the worker's ready
// message need not wait for the addon to load, but no task may run unwatched.
const watching = exitWithParent()

const EMPTY_REPLY: BatchReply = { kind: 'done', results: [], durationMs: 0 }

// Several calls may share the pool at once; the parent tells workers
// which calls ended, so large arguments do not linger. The memory of a worker
// process, for `workerMemoryLimit`, is its resident set size.
const runtime = createWorkerRuntime({ cacheSize: 4, memoryUsed: () => process.memoryUsage.rss() })
// Made with the first call that has files to map.
let mappings: Promise<KeptMappings | undefined> | undefined
const loadMappings = async () => {
  const mapper = await loadFileMapper()
  return mapper === undefined ? undefined : new KeptMappings(mapper)
}

export default async function handleMessage(message: WireMessage): Promise<PipeBytes> {
  await watching
  // The reply crosses the pipe in the form the request came in.
  const serialization = typeof message[0] === 'string' ? 'json' : 'advanced'
  return toPipe(await handleBatch(message), serialization)
}

async function handleBatch(message: WireMessage): Promise<Uint8Array> {
  let head: WireHead | undefined
  try {
    head = decode<WireHead>(message[0])
    if (head.items.length === 0) return encode(EMPTY_REPLY) // a warm-up: the process is up, which was the point
    for (const callId of head.ended ?? []) runtime.forget(callId)
    let request: BatchRequest = head
    if (message[1] !== undefined && !runtime.has(head.callId)) {
      const payload = decode<CallPayload>(message[1])
      const kept = hasSharedData(payload.args) || hasSharedData(payload.kwargs) ? await (mappings ??= loadMappings()) : undefined
      request = {
        ...head,
        payload: { ...payload, args: unshareLargeData(payload.args, kept), kwargs: unshareLargeData(payload.kwargs, kept) },
      }
    }
    const reply = await runtime.handle(request)
    if (reply.kind === 'done' && reply.retire !== undefined) announceRetirement()
    return encodeReply(reply, head.start, head.results)
  } catch (error) {
    // Only a fault of this entry (or an unreadable shared file) gets here; task errors are replies.
    return encode(failed(head?.start ?? -1, error))
  }
}

function encodeReply(reply: BatchReply, start: number, resultFolder: string | undefined): Uint8Array {
  // Large result buffers go through shared memory, the rest through the pipe.
  const sent = withResultFiles(reply, resultFolder)
  try {
    return encode(sent.reply)
  } catch (error) {
    for (const path of sent.paths) rmSync(path, { force: true })
    if (reply.kind !== 'done') return encode(failed(start, error))
    const bad = findUnserializable(reply.results)
    const index = start + (bad?.index ?? 0)
    const cloneError = new Error(
      `The result of task ${index} cannot be sent back from the worker process: ${bad?.message ?? (error as Error).message} ` +
        'Results must be structured-cloneable (no functions, symbols or class instances with private state).',
    )
    cloneError.name = 'DataCloneError'
    return encode(failed(index, cloneError))
  }
}

function failed(taskIndex: number, error: unknown): BatchReply {
  const e = error instanceof Error ? error : new Error(String(error))
  return { kind: 'failed', taskIndex, error: { isError: true, name: e.name, message: e.message, stack: e.stack, fields: {} } }
}
