#!/usr/bin/env bash
# All tests: unit tests, then integration and end-to-end tests on the machine's real PostgreSQL and
# RabbitMQ and a real Elasticsearch node (started here if it is not running, stopped again after).
# Every run creates its own database, vhost and indices. Extra arguments go to jest.
set -euo pipefail
cd "$(dirname "$0")/.."

start=$(date +%s)
[ -d node_modules ] || npm ci --no-audit --no-fund
# One file at a time: the outage tests stop shared services (Elasticsearch, RabbitMQ).
bash scripts/with-services.sh bash -c \
  'npm run -s typecheck && npm run -s lint && npm run -s build && npx jest --runInBand --selectProjects unit integration "$@"' _ "$@"
echo "test.sh: wall time $(( $(date +%s) - start )) s"
