#!/usr/bin/env bash
# A whole cluster on this machine: a private redis-server on a loopback port, two
# `multitask worker` processes serving its queue, and one caller. Everything it starts is
# stopped when it ends. Needs Debian's redis-server (apt-get install redis-server) and the
# repository built (npm ci && npm run build). Run from the repository root:
#   bash packages/bullmq/examples/local-cluster.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
port=${PORT:-6391}
url="redis://127.0.0.1:$port"
workers=()
redis=
# Workers first: a worker drains its running batches through Redis before it exits.
cleanup() {
  kill "${workers[@]}" 2>/dev/null || true
  wait "${workers[@]}" 2>/dev/null || true
  [ -z "$redis" ] || { kill "$redis" 2>/dev/null; wait "$redis" 2>/dev/null || true; }
}
trap cleanup EXIT

redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no >/dev/null &
redis=$!
for _ in $(seq 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done

# Callers and workers share one secret: jobs are signed, and unsigned ones are rejected.
MULTITASK_SECRET=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
export MULTITASK_SECRET
# The linked bin itself, not npx: a signal to npx would not reach the worker it starts.
multitask="$here/../../../node_modules/.bin/multitask"
for _ in 1 2; do
  "$multitask" worker --backend bullmq --connection "$url" --concurrency 2 &
  workers+=($!)
done
node "$here/caller.mjs" "$url"   # [0,1,4,9,...,361]
