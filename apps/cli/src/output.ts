import { constants } from 'node:fs'
import { access, open, stat, writeFile, type FileHandle } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { ResultNotSerializableError, UsageError } from './errors.js'

/** Where results go, one at a time, in task order. */
export interface ResultWriter {
  /** Adds the result of task `taskIndex`; throws {@link ResultNotSerializableError} for data JSON cannot hold. */
  write(taskIndex: number, value: unknown): Promise<void>
  /** All results are in: completes the output. */
  end(): Promise<void>
  /** The run failed: releases the output without completing it. */
  close(): Promise<void>
}

/**
 * A writer for `--ndjson` (one JSON value per line, written as soon as each result is
 * ready) or the default JSON array (written once every task has finished, so a failed
 * run never leaves half an array), to stdout or `--out`. A `--out` that cannot be
 * written is a usage error before any task runs.
 */
export async function createWriter(options: { ndjson: boolean; out?: string | undefined }): Promise<ResultWriter> {
  const { ndjson, out } = options
  if (ndjson) {
    const sink = out === undefined ? stdoutSink() : await fileSink(out)
    return {
      write: (taskIndex, value) => sink.write(`${serialize(taskIndex, value)}\n`),
      end: () => sink.close(),
      close: () => sink.close(),
    }
  }
  if (out !== undefined) await checkWritable(out)
  const parts: string[] = []
  return {
    write: async (taskIndex, value) => {
      parts.push(serialize(taskIndex, value))
    },
    end: async () => {
      const text = `[${parts.join(',')}]\n`
      if (out === undefined) await stdoutSink().write(text)
      else await writeFile(out, text)
    },
    close: async () => undefined,
  }
}

/** JSON text of a result; `undefined` (and functions) become `null`, as in a JSON array. */
function serialize(taskIndex: number, value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'null'
  } catch (error) {
    throw new ResultNotSerializableError(taskIndex, error)
  }
}

interface Sink {
  write(text: string): Promise<void>
  close(): Promise<void>
}

function stdoutSink(): Sink {
  return {
    write: (text) =>
      new Promise<void>((done) => {
        // Respect backpressure so a slow reader of the pipe bounds the memory used.
        if (process.stdout.write(text)) done()
        else process.stdout.once('drain', done)
      }),
    close: async () => undefined,
  }
}

async function fileSink(path: string): Promise<Sink> {
  let handle: FileHandle
  try {
    handle = await open(path, 'w')
  } catch (error) {
    throw new UsageError(`--out: cannot write ${path}: ${(error as Error).message}`)
  }
  let closed = false
  return {
    write: async (text) => {
      await handle.write(text)
    },
    close: async () => {
      if (closed) return
      closed = true
      await handle.close()
    },
  }
}

async function checkWritable(path: string): Promise<void> {
  const target = resolve(path)
  try {
    await access(dirname(target), constants.W_OK)
    if ((await stat(target).catch(() => undefined))?.isDirectory()) throw new Error('it is a directory')
  } catch (error) {
    throw new UsageError(`--out: cannot write ${path}: ${(error as Error).message}`)
  }
}
