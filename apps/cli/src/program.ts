import { createRequire } from 'node:module'
import { Command, InvalidArgumentError, Option } from 'commander'
import { parseWorkerMemoryLimit } from '@multitask/core/backend'
import { listBackends } from './commands/backends.js'
import { runCommand } from './commands/run.js'
import type { RunOptions } from './run-options.js'
import { workerCommand, type WorkerCommandOptions } from './commands/worker.js'
import type { ExitCode } from './exit-codes.js'

const { version } = createRequire(import.meta.url)('../package.json') as { version: string }

const MAIN_EXAMPLES = `
Examples, from the package folder (node_modules/@multitask/cli, or apps/cli in a clone):
  $ multitask run examples/tasks.mjs#square --range 0:10       # series: [0,1,4,...,81]
  $ multitask run examples/tasks.mjs#square --range 0:1000000 --jobs -1 --ndjson > out.ndjson
  $ cat examples/params.json | multitask run examples/sim.mjs#run --items - --jobs 4 --backend threading
  $ multitask backends                                         # what is installed, and the default

Exit codes: 0 success, 1 a task failed, 2 usage error, 130 interrupted (Ctrl-C).
Run 'multitask run --help' for every option of a run.`

const RUN_EXAMPLES = `
The task is an exported function of a JavaScript or TypeScript module, called as
  form 1: fn(args, item)            (without --kwargs)
  form 2: fn(args, kwargs, item)    (with --kwargs)
once per item; it may be async. Results must be JSON-serializable (undefined becomes
null); they are written to stdout (or --out) in input order, as one JSON array, or with
--ndjson one per line as soon as each and those before it are ready. Progress, task
logs (console.*) and errors go to stderr, so stdout stays clean for pipes.

Examples, with the files of the package's examples/ folder (run them from the package
folder, node_modules/@multitask/cli; in a clone of the repository, apps/cli):
  $ multitask run examples/tasks.mjs#square --range 0:10
  $ multitask run examples/add-ten.ts#addTen --range 0:5 --args '[0,1,2,3,4]'   # fn(args, i); .ts needs tsx before Node 22.18
  $ multitask run examples/tasks.mjs#affine --items examples/points.json --args 2 --kwargs '{"offset":1}'
  $ multitask run examples/sim.mjs#run --items examples/params.json --jobs -1 --ndjson --out results.ndjson
  $ printf '1\\n2\\n3\\n' | multitask run examples/tasks.mjs#square --items - --backend loky --jobs 2
  $ multitask run examples/tasks.mjs#slow --range 0:8 --jobs 2 --timeout 5000 --skip 3,5

Ctrl-C stops the tasks and the workers. In series (no --jobs, no --backend) a
synchronous task cannot be interrupted: the run stops after the current task.

Exit codes: 0 success; 1 a task failed (its index, message and stack on stderr);
2 usage error (bad option or value, missing module or export, malformed JSON);
130 interrupted by Ctrl-C (running tasks are stopped, no worker is left behind).`

const WORKER_EXAMPLES = `
A worker takes batches of tasks from the queue and runs them on a local pool, so one
worker per machine uses all its cores. Callers name the same queue:
  parallelBackend('bullmq', { connection: 'redis://127.0.0.1:6379', nJobs: 16 }, () => multitask(...))
Tasks given as module references are imported by path or package name: each machine
needs the same modules at the same paths. With MULTITASK_SECRET set, the worker runs
only jobs signed with that secret.

Examples (a Redis on this machine; use your Redis's address across machines; needs
npm install @multitask/bullmq):
  $ multitask worker --backend bullmq --connection redis://127.0.0.1:6379
  $ MULTITASK_SECRET=my-secret multitask worker -b bullmq --connection redis://127.0.0.1:6379 --concurrency 8 --pool loky`

/** The `multitask` command line, with its commands. */
export function buildProgram(setExitCode: (code: ExitCode) => void): Command {
  const program = new Command('multitask')
    .description('Run one exported function of a JS or TS module over many inputs, in series or in parallel.')
    .version(version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show this help')
    .addHelpText('after', MAIN_EXAMPLES)
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(`multitask: ${text.replace(/^error: /, '')}`) })

  program
    .command('run')
    .description('run <module>[#export] once for every item, in input order')
    .argument('<module>', 'task module path (.js, .mjs, .ts ...) with "#export" (default: the default export)')
    .option('--range <start:stop[:step]>', 'items start, start+step, ... below stop (integers, like Python range)')
    .option('--items <file|->', 'items from a JSON array or NDJSON file, or "-" for standard input')
    .option('--args <json|@file>', 'first argument of every task, as JSON or @file.json (default: null)')
    .option('--kwargs <json|@file>', 'second argument of every task (form 2), as JSON or @file.json')
    .option('-j, --jobs <n>', 'workers: 1 series, n >= 2, -1 all CPUs, -2 all but one (default: series, or all CPUs with --backend)', integer('--jobs'))
    .option('-b, --backend <name>', 'serial, threading, loky, or another installed backend (see "multitask backends")')
    .option('--skip <positions|@file>', 'input positions not to run, e.g. 2,5 or @skip.json (left out of the results)')
    .option('--max-nbytes <size>', "share binary args above this size with workers instead of copying ('1M', '512K', 'none')")
    .addOption(new Option('--force-threading', 'run on worker threads').conflicts('forceProcesses'))
    .addOption(new Option('--force-processes', 'run on worker processes'))
    .option('--timeout <ms>', 'fail the run when a task runs longer than this (counted from its start)', positiveInteger('--timeout'))
    .option('--max-tasks-per-worker <n>', 'replace a worker by a fresh one after it has run this many tasks (for leaking tasks)', positiveInteger('--max-tasks-per-worker'))
    .option('--worker-memory-limit <size>', "replace a worker whose memory is above this after a task ('512M', '1.5 GiB', bytes)", byteSize('--worker-memory-limit'))
    .option('--idle-timeout <ms>', 'milliseconds an idle worker waits for work before it exits (default: 300000)', nonNegativeInteger('--idle-timeout'))
    .option('--ndjson', 'write one result per line as they become ready, instead of one JSON array')
    .option('-o, --out <file>', 'write the results to this file instead of stdout')
    .option('--no-progress', 'no progress bar (it shows only when stderr is a terminal)')
    .addOption(new Option('-q, --quiet', 'only errors on stderr: no progress bar, warnings or task logs').conflicts('verbose'))
    .option('-v, --verbose', 'also print the backend, worker count, debug logs and a timing summary')
    .addHelpText('after', RUN_EXAMPLES)
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(`multitask: ${text.replace(/^error: /, '')}`) })
    .action(async (module: string, options: RunOptions) => setExitCode(await runCommand(module, options)))

  program
    .command('backends')
    .description('list the installed backends, the default one and why, and the CPU count')
    .option('--json', 'print the same as JSON')
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(`multitask: ${text.replace(/^error: /, '')}`) })
    .action(async (options: { json?: boolean }) => setExitCode(await listBackends(options)))

  program
    .command('worker')
    .description('serve the tasks of multitask calls made elsewhere with a distributed backend, until Ctrl-C or SIGTERM')
    .requiredOption('-b, --backend <name>', 'the distributed backend: bullmq')
    .requiredOption('--connection <url>', 'where the queue is, e.g. redis://127.0.0.1:6379')
    .option('--queue <name>', 'the queue to serve, as the callers name it (default: multitask)')
    .option('-c, --concurrency <n>', 'batches run at once, each on its own thread or process (default: all CPUs)', positiveInteger('--concurrency'))
    .addOption(new Option('--pool <kind>', 'the local pool: threading or loky (processes)').choices(['threading', 'loky']).default('threading'))
    .option('--allow-source', 'also run calls that ship function source: anyone who can write to the queue can then run code here')
    .option('--max-tasks-per-worker <n>', "replace a thread or process of the pool after this many tasks (a call's own limit wins)", positiveInteger('--max-tasks-per-worker'))
    .option('--worker-memory-limit <size>', "replace a thread or process of the pool past this memory after a task ('2G')", byteSize('--worker-memory-limit'))
    .option('--idle-timeout <ms>', 'milliseconds an idle thread or process of the pool waits before it exits (default: 300000)', nonNegativeInteger('--idle-timeout'))
    .addHelpText('after', WORKER_EXAMPLES)
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(`multitask: ${text.replace(/^error: /, '')}`) })
    .action(async (options: WorkerCommandOptions) => setExitCode(await workerCommand(options)))

  return program
}

function integer(option: string) {
  return (value: string): number => {
    if (!/^[+-]?\d+$/.test(value.trim())) throw new InvalidArgumentError(`${option} must be an integer; received "${value}".`)
    return Number(value)
  }
}

function nonNegativeInteger(option: string) {
  return (value: string): number => {
    const n = integer(option)(value)
    if (n < 0) throw new InvalidArgumentError(`${option} must be a number of milliseconds, 0 or more; received "${value}".`)
    return n
  }
}

/** Checked here with core's parser, so a bad size fails as a usage error naming the flag. */
function byteSize(option: string) {
  return (value: string): string => {
    try {
      parseWorkerMemoryLimit(value)
    } catch {
      throw new InvalidArgumentError(`${option} must be a number of bytes or a size such as 512M, '512 MiB', '1.5 GiB' or 2G; received "${value}".`)
    }
    return value
  }
}

function positiveInteger(option: string) {
  return (value: string): number => {
    const n = integer(option)(value)
    if (n < 1 || n > 2 ** 31 - 1) throw new InvalidArgumentError(`${option} must be between 1 and ${2 ** 31 - 1}; received "${value}".`)
    return n
  }
}
