#!/usr/bin/env bash
# Makes sure the machine's PostgreSQL and RabbitMQ (with its management plugin) are running
# (they are installed, not ours to manage beyond starting them), then waits until both answer.
set -euo pipefail

log() { echo "services.sh: $*" >&2; }

if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  log "starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start
fi
for _ in $(seq 1 60); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
pg_isready -q -h 127.0.0.1 -p 5432 || { log "PostgreSQL did not come up"; exit 1; }

if ! rabbitmq-diagnostics -q check_running >/dev/null 2>&1; then
  if ! rabbitmq-diagnostics -q ping >/dev/null 2>&1; then
    log "starting RabbitMQ"
    rabbitmq-server -detached
  else
    # The node is up but its application is stopped (e.g. an interrupted broker-restart test).
    rabbitmqctl start_app >/dev/null
  fi
fi
rabbitmqctl -q await_startup --timeout 120 >/dev/null
# The tests create their vhosts through the management API (libs/testing/src/test-vhost.ts):
# milliseconds a call, where rabbitmqctl boots an Erlang VM each time.
management_up() { curl -sf -o /dev/null "${TEST_RABBITMQ_API:-http://guest:guest@127.0.0.1:15672/api}/overview"; }
if ! management_up; then
  log "enabling RabbitMQ's management plugin"
  rabbitmq-plugins -q enable rabbitmq_management >/dev/null
  for _ in $(seq 1 30); do management_up && break; sleep 1; done
  management_up || { log "RabbitMQ's management API did not come up"; exit 1; }
fi
log "PostgreSQL and RabbitMQ are up"
