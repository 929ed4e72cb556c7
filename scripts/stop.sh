#!/usr/bin/env bash
# Stops the services started by scripts/start.sh (SIGTERM: in-flight work finishes), then
# Elasticsearch. PostgreSQL and RabbitMQ belong to the machine and keep running.
set -euo pipefail
cd "$(dirname "$0")/.."
for app in gateway job-writer outbox-relay indexer; do
  pid_file=".run/$app.pid"
  [ -f "$pid_file" ] || continue
  pid=$(cat "$pid_file")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    echo "stop.sh: $app stopped"
  fi
  rm -f "$pid_file"
done
bash scripts/elasticsearch.sh stop
