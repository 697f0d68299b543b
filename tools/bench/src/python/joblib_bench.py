"""Driver for the Python contestants of tools/bench.

    python3 joblib_bench.py BACKEND [MAX_NBYTES]

BACKEND is ``loop`` (a plain list comprehension, the series baseline), ``loky`` or
``threading``; MAX_NBYTES is joblib's ``max_nbytes`` (default ``1M``; ``none`` for None).
Commands arrive as JSON lines on stdin, replies leave on stdout prefixed with
``@@bench `` (see src/protocol.ts). joblib is called the way sofia_redux's multitask
calls it: ``Parallel(n_jobs, max_nbytes, mmap_mode='r')(delayed(partial(f, args))(i) ...)``.
``calibrate`` answers how many ``spin`` iterations take about ``target_ms`` here;
``prepare`` makes the next run's arguments (a new array, for fresh data) untimed.
"""
import json
import sys
import time
from functools import partial

import numpy as np
from joblib import Parallel, delayed, __version__ as joblib_version

PREFIX = '@@bench '


# The twins of src/tasks.ts: same arithmetic, same results.
def trivial(args, i):
    return args[i % 5] + 10


def spin(args, i):
    x = i + 1
    for _ in range(args['iters']):
        x = (x * 48271) % 2147483647
    return x


def uneven(args, i):
    long = any(start <= i < end for start, end in args['runs'])
    iters = args['iters'] * args['longFactor'] if long else args['iters']
    x = i + 1
    for _ in range(iters):
        x = (x * 48271) % 2147483647
    return x


def sliceSum(args, i):
    # numpy's sum is how a Python user sums a slice; a Python loop would be 100x slower.
    size = len(args['data']) // args['parts']
    return float(args['data'][i * size:(i + 1) * size].sum())


def fillArray(args, i):
    # A new array per task, as numpy makes one: (k + i) % 1024.
    return (np.arange(args['length'], dtype=np.float64) + i) % 1024


TASKS = {'trivial': trivial, 'spin': spin, 'uneven': uneven, 'sliceSum': sliceSum, 'fillArray': fillArray}
_data = {}
_fresh_calls = [0]


def filled(nbytes, offset):
    """(k + offset) % 1024: every slice sums to the same exact value whatever the offset."""
    return (np.arange(nbytes // 8, dtype=np.float64) + offset) % 1024


def build_args(task, params):
    if task == 'trivial':
        return [0, 1, 2, 3, 4]
    if task == 'spin':
        return {'iters': params.get('iters', 1000)}
    if task == 'uneven':
        return {'iters': params.get('iters', 1000), 'longFactor': params.get('longFactor', 200),
                'runs': params.get('runs', [])}
    if task == 'fillArray':
        return {'length': params.get('length', 1 << 17)}
    nbytes = params.get('dataBytes', 1 << 20)
    if params.get('fresh'):
        # A new numpy array before every call, filled with other values than the last one.
        _fresh_calls[0] += 1
        return {'data': filled(nbytes, _fresh_calls[0] % 1024), 'parts': params.get('parts', 256)}
    if nbytes not in _data:
        _data[nbytes] = filled(nbytes, 0)
    return {'data': _data[nbytes], 'parts': params.get('parts', 256)}


def run(backend, max_nbytes, task, n, jobs, args):
    f = TASKS[task]
    if backend == 'loop':
        return [f(args, i) for i in range(n)]
    return Parallel(n_jobs=jobs, backend=backend, max_nbytes=max_nbytes, mmap_mode='r')(
        delayed(partial(f, args))(i) for i in range(n))


def checksum(results):
    """The sum of the results; an array result adds the sum of its elements."""
    return float(sum(float(r.sum()) if isinstance(r, np.ndarray) else r for r in results))


def calibrate(target_ms):
    iters = 1000
    for _ in range(4):
        start = time.perf_counter()
        for i in range(50):
            spin({'iters': iters}, i)
        per_task = (time.perf_counter() - start) * 1000 / 50
        iters = max(1, round(iters * target_ms / per_task))
    return iters


def reply(message):
    sys.stdout.write(PREFIX + json.dumps(message) + '\n')
    sys.stdout.flush()


def main():
    backend = sys.argv[1]
    max_nbytes = sys.argv[2] if len(sys.argv) > 2 else '1M'
    max_nbytes = None if max_nbytes.lower() == 'none' else max_nbytes
    last_jobs = None
    prepared = None
    reply({'ready': True, 'version': 'Python %s, joblib %s, numpy %s' % (
        sys.version.split()[0], joblib_version, np.__version__)})
    for line in sys.stdin:
        if not line.strip():
            continue
        command = json.loads(line)
        try:
            if command['cmd'] == 'close':
                reply({'id': command['id'], 'closed': True})
                break
            if command['cmd'] == 'calibrate':
                reply({'id': command['id'], 'iters': calibrate(command['targetMs'])})
                continue
            key = json.dumps([command['task'], command.get('params', {})], sort_keys=True)
            if command['cmd'] == 'prepare':
                prepared = (key, build_args(command['task'], command.get('params', {})))
                reply({'id': command['id'], 'prepared': True})
                continue
            task, n, jobs = command['task'], command['n'], command['jobs']
            args = prepared[1] if prepared is not None and prepared[0] == key else build_args(task, command.get('params', {}))
            prepared = None
            if not command.get('cold') and jobs != last_jobs:
                run(backend, max_nbytes, 'trivial', jobs * 4, jobs, [0, 1, 2, 3, 4])
            last_jobs = jobs
            start = time.perf_counter()
            results = run(backend, max_nbytes, task, n, jobs, args)
            ms = (time.perf_counter() - start) * 1000
            reply({'id': command['id'], 'ms': ms, 'count': len(results), 'checksum': checksum(results)})
        except Exception as error:  # reported to the runner, which marks the contestant failed
            reply({'id': command['id'], 'error': '%s: %s' % (type(error).__name__, error)})


if __name__ == '__main__':
    main()
