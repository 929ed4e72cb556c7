#!/usr/bin/env bash
# All tests. First Nx builds, typechecks, lints and unit-tests every project (cached by inputs, so a
# second run only redoes what changed); then the integration and end-to-end suite runs on the
# machine's real PostgreSQL and RabbitMQ and a real Elasticsearch node (started here if it is not
# running, stopped again after). Every test file creates its own database, vhost and indices, and
# outage tests cut only their own services' connections, so files run side by side.
# Extra arguments go to jest.
set -euo pipefail
cd "$(dirname "$0")/.."

start=$(date +%s)
[ -d node_modules ] || npm ci --no-audit --no-fund
export NX_BATCH_MODE=true # one TypeScript process builds every project (28 s rather than 2 min)
# A test run's Elasticsearch lives minutes: C2, the JIT's optimising tier, spent 60 of its 120 CPU-s
# compiling, and the node did its work on C1's code in less. (Benchmarks and start.sh keep C2.)
export ES_JAVA_OPTS="${ES_JAVA_OPTS:--XX:TieredStopAtLevel=1}"
# Elasticsearch starts while Nx builds, lints and runs the unit tests, which need no services.
export ES_START_IN_BACKGROUND=1
bash scripts/with-services.sh bash -c '
  set -euo pipefail
  npx nx run-many -t build typecheck lint test --output-style=static
  echo "test.sh: Nx targets done after $(( $(date +%s) - '"$start"' )) s"
  bash scripts/elasticsearch.sh status >/dev/null
  npx jest --selectProjects integration --maxWorkers="${TEST_WORKERS:-3}" "$@"' _ "$@"
echo "test.sh: wall time $(( $(date +%s) - start )) s"
