#!/usr/bin/env bash
# All tests: unit tests, then integration and end-to-end tests on the machine's real PostgreSQL and
# RabbitMQ and a real Elasticsearch node (started here if it is not running, stopped again after).
# Every run creates its own database, vhost and indices. Extra arguments go to jest.
set -euo pipefail
cd "$(dirname "$0")/.."
export NX_DAEMON=false NX_NO_CLOUD=true

start=$(date +%s)
[ -d node_modules ] || npm ci --no-audit --no-fund
bash scripts/services.sh

started_es=0
if ! bash scripts/elasticsearch.sh status >/dev/null 2>&1; then
  bash scripts/elasticsearch.sh start
  started_es=1
fi
cleanup() { if [ "$started_es" = 1 ]; then bash scripts/elasticsearch.sh stop || true; fi; }
trap cleanup EXIT

npm run -s typecheck
npm run -s lint
npm run -s build
# One file at a time: the outage tests stop shared services (Elasticsearch, RabbitMQ).
npx jest --runInBand --selectProjects unit integration "$@"
echo "test.sh: wall time $(( $(date +%s) - start )) s"
