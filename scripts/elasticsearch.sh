#!/usr/bin/env bash
# Local single-node Elasticsearch for development and tests, without Docker or a distribution:
# tools/elasticsearch runs the real server jar (org.elasticsearch:elasticsearch, pinned in its pom.xml)
# from Maven Central in a plain JVM.
#
#   scripts/elasticsearch.sh start|stop|status|restart
#   scripts/elasticsearch.sh start --background   returns while the node starts; status and stop
#                                                 called meanwhile wait for the start to end
#
# Environment:
#   ES_PORT            HTTP port (default 9200)
#   ES_TRANSPORT_PORT  transport port (default 9300)
#   ES_HOME_DIR        home dir: data/, config/, pid and log (default <repo>/.es). Data survives stop/start.
#   ES_JAVA_OPTS       extra JVM options, appended (e.g. -Xmx2g)
#   ES_START_TIMEOUT   seconds to wait for yellow health on start (default 120)
#   ES_STOP_TIMEOUT    seconds to wait after SIGTERM before SIGKILL (default 30)
#   JAVA_HOME          JDK 17+ to use (default: java on PATH)
#
# Needs: java 17+, mvn (first start downloads ~45 MB of jars into ~/.m2), curl.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOL_DIR="$ROOT/tools/elasticsearch"
JAR="$TOOL_DIR/target/es-launcher.jar"
LIB="$TOOL_DIR/target/lib"

ES_PORT="${ES_PORT:-9200}"
ES_TRANSPORT_PORT="${ES_TRANSPORT_PORT:-9300}"
ES_HOME_DIR="${ES_HOME_DIR:-$ROOT/.es}"
START_TIMEOUT="${ES_START_TIMEOUT:-120}"
STOP_TIMEOUT="${ES_STOP_TIMEOUT:-30}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

mkdir -p "$ES_HOME_DIR"
ES_HOME_DIR="$(cd "$ES_HOME_DIR" && pwd)" # absolute, whatever the cwd
PID_FILE="$ES_HOME_DIR/elasticsearch.pid"
LOG_FILE="$ES_HOME_DIR/elasticsearch.log"
HEALTH_URL="http://127.0.0.1:$ES_PORT/_cluster/health"

log() { echo "elasticsearch.sh: $*" >&2; }

# Prints the health JSON and succeeds when the node answers with at least yellow.
# (There is no `GET /` on this node: the rest-root module is not published on Maven Central.)
health() {
  curl -fsS --max-time 5 "$HEALTH_URL?wait_for_status=yellow&timeout=1s" 2>/dev/null
}

# Succeeds when anything at all accepts HTTP connections on the port.
port_answers() {
  local code
  code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 "http://127.0.0.1:$ES_PORT/" 2>/dev/null || true)"
  [[ -n "$code" && "$code" != "000" ]]
}

# Prints the pid of our node if the pid file names a live launcher process.
running_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(cat "$PID_FILE")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  ps -ww -p "$pid" -o args= 2>/dev/null | grep -q 'org.elasticsearch.node.LocalElasticsearch' || return 1
  echo "$pid"
}

# Builds the launcher when the jar or lib/ is missing or a source is newer than the jar.
build_if_needed() {
  if [[ -f "$JAR" && -n "$(ls -A "$LIB" 2>/dev/null)" ]] &&
    [[ -z "$(find "$TOOL_DIR/pom.xml" "$TOOL_DIR/src" -newer "$JAR" -print -quit)" ]]; then
    return 0
  fi
  log "building the launcher (first run downloads Elasticsearch jars from Maven Central)..."
  rm -rf "$LIB" # copy-dependencies never deletes jars of an older version
  mvn -q -B -Dstyle.color=never -f "$TOOL_DIR/pom.xml" package >&2 # keep our stdout for the health JSON
  touch "$JAR"
}

wait_until_healthy() {
  local pid="$1" deadline=$((SECONDS + START_TIMEOUT)) out
  while ((SECONDS < deadline)); do
    if out="$(health)"; then
      echo "$out"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      log "the node exited during start-up; last lines of $LOG_FILE:"
      tail -n 60 "$LOG_FILE" >&2 || true
      rm -f "$PID_FILE"
      return 1
    fi
    sleep 1
  done
  log "not healthy after ${START_TIMEOUT}s (pid $pid still running); last lines of $LOG_FILE:"
  tail -n 60 "$LOG_FILE" >&2 || true
  return 1
}

cmd_start() {
  local out pid
  if out="$(health)"; then
    log "already running on port $ES_PORT"
    echo "$out"
    return 0
  fi
  if pid="$(running_pid)"; then
    log "pid $pid is starting; waiting"
    wait_until_healthy "$pid"
    return
  fi
  if port_answers; then
    log "port $ES_PORT is in use by something that is not a healthy Elasticsearch"
    return 1
  fi

  build_if_needed
  mkdir -p "$ES_HOME_DIR/tmp"
  if [[ -f "$LOG_FILE" ]]; then mv -f "$LOG_FILE" "$LOG_FILE.1"; fi # keep the previous run's log
  local started=$SECONDS
  # JVM flags: the heap is kept modest; the rest mirrors the distribution's jvm.options.
  # - es.set.netty.runtime.available.processors=false: Netty allows setting it only once per JVM
  # - log4j.shutdownHookEnabled=false: our shutdown hook closes the node and logging afterwards
  # shellcheck disable=SC2086
  nohup "$JAVA" \
    -Xms512m -Xmx1g \
    -XX:+UseG1GC \
    -Des.set.netty.runtime.available.processors=false \
    -Dlog4j2.disable.jmx=true \
    -Dlog4j.shutdownHookEnabled=false \
    -Dio.netty.noUnsafe=true \
    -Dio.netty.noKeySetOptimization=true \
    -Dio.netty.recycler.maxCapacityPerThread=0 \
    -Dfile.encoding=UTF-8 \
    -Djava.awt.headless=true \
    -Djava.io.tmpdir="$ES_HOME_DIR/tmp" \
    ${ES_JAVA_OPTS:-} \
    -Des.home="$ES_HOME_DIR" \
    -Des.http.port="$ES_PORT" \
    -Des.transport.port="$ES_TRANSPORT_PORT" \
    -cp "$JAR:$LIB/*" \
    org.elasticsearch.node.LocalElasticsearch \
    >"$LOG_FILE" 2>&1 </dev/null 9>&- & # 9>&-: the node must not inherit the lock below
  pid=$!
  echo "$pid" >"$PID_FILE"
  log "started pid $pid (log: $LOG_FILE); waiting for yellow health on port $ES_PORT..."
  wait_until_healthy "$pid"
  log "healthy after $((SECONDS - started))s"
}

cmd_stop() {
  local pid deadline
  if ! pid="$(running_pid)"; then
    rm -f "$PID_FILE"
    if port_answers; then
      log "not running from $ES_HOME_DIR, but something still answers on port $ES_PORT"
    else
      log "not running"
    fi
    return 0
  fi
  log "stopping pid $pid"
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$((SECONDS + STOP_TIMEOUT))
  while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then
    log "still running after ${STOP_TIMEOUT}s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
  fi
  rm -f "$PID_FILE"
  log "stopped"
}

cmd_status() {
  local out
  if out="$(curl -fsS --max-time 5 "$HEALTH_URL" 2>/dev/null)"; then
    echo "$out"
    return 0
  fi
  log "not running on port $ES_PORT"
  return 1
}

# Serialise concurrent invocations (e.g. parallel test set-ups) on the same home dir.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$ES_HOME_DIR/.lock"
  flock 9
fi

case "${1:-}" in
start)
  if [[ "${2:-}" == --background ]] && command -v flock >/dev/null 2>&1; then
    exec 9>&-
    bash "${BASH_SOURCE[0]}" start >/dev/null &
    starter=$!
    # Back once the starter holds the lock: from then on `status` and `stop` wait for its end.
    while kill -0 "$starter" 2>/dev/null && flock -n "$ES_HOME_DIR/.lock" true; do sleep 0.05; done
  else
    cmd_start
  fi
  ;;
stop) cmd_stop ;;
status) cmd_status ;;
restart)
  cmd_stop
  cmd_start
  ;;
*)
  echo "usage: $0 start|stop|status|restart" >&2
  exit 2
  ;;
esac
