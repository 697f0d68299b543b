// The entry of every worker process: batches in through IPC, core's worker runtime runs them.
import { createWorkerRuntime, type BatchReply, type BatchRequest } from '@multitask/core/worker'

type Message = { kind: 'batch'; request: BatchRequest } | { kind: 'forget'; callId: string }

const runtime = createWorkerRuntime()

process.on('message', async (message: Message) => {
  if (message.kind === 'forget') return runtime.forget(message.callId)
  const reply = await runtime.handle(message.request)
  try {
    process.send!(reply)
  } catch (error) {
    // A result that cannot be copied back fails the batch, naming why, instead of leaving it unanswered.
    const { name, message: text, stack } = error as Error
    process.send!({ kind: 'failed', taskIndex: message.request.start, error: { isError: true, name, message: text, stack, fields: {} } } satisfies BatchReply)
  }
})

// With the parent gone nobody wants the results: end rather than linger as an orphan.
process.on('disconnect', () => process.exit(0))
