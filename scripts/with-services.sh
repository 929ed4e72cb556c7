#!/usr/bin/env bash
# Runs a command with the machine's PostgreSQL and RabbitMQ up and a real Elasticsearch node
# (started here if none is running, and then stopped again after).
#
#   scripts/with-services.sh <command> [args...]
set -euo pipefail
cd "$(dirname "$0")/.."
export NX_DAEMON=false NX_NO_CLOUD=true

bash scripts/services.sh

started_es=0
if ! bash scripts/elasticsearch.sh status >/dev/null 2>&1; then
  # ES_START_IN_BACKGROUND=1: the command runs while the node starts, and waits for it with
  # `scripts/elasticsearch.sh status` before it needs it.
  bash scripts/elasticsearch.sh start ${ES_START_IN_BACKGROUND:+--background}
  started_es=1
fi
cleanup() { if [ "$started_es" = 1 ]; then bash scripts/elasticsearch.sh stop || true; fi; }
trap cleanup EXIT

"$@"
