#!/usr/bin/env bash
# Brings the whole system up on this machine: dependencies, PostgreSQL, RabbitMQ, Elasticsearch,
# the schema, and the four services in the background (logs and pids in .run/), and prints the
# dashboard's address with a local admin's sign-in (password in .run/admin.password) and a local
# admin API key (saved in .run/admin.key).
# Stop the services with scripts/stop.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/jobstream}"

[ -d node_modules ] || npm ci --no-audit --no-fund
bash scripts/services.sh
bash scripts/elasticsearch.sh start >/dev/null # its progress is on stderr; stdout is the health JSON
mkdir -p .run
# A person needs to know the build and the migrations ran, not every project's lines or every
# SQL statement: those go to a log, whose end is shown only if the step fails.
quietly() {
  local what="$1" log="$2"; shift 2
  "$@" >"$log" 2>&1 || { tail -n 40 "$log" >&2; echo "start.sh: $what failed; see $log" >&2; exit 1; }
}
echo "start.sh: building (log: .run/build.log)"
quietly "the build" .run/build.log npm run -s build

db="${DATABASE_URL##*/}"; db="${db%%\?*}"
if ! psql "${DATABASE_URL%/*}/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
  psql "${DATABASE_URL%/*}/postgres" -qc "CREATE DATABASE \"$db\""
fi
quietly "the migrations" .run/migrate.log npm run -s migrate
echo "start.sh: schema up to date (log: .run/migrate.log)"

declare -A ports=([job-writer]=3001 [outbox-relay]=3002 [indexer]=3003 [gateway]=3000)
for app in job-writer outbox-relay indexer gateway; do
  pid_file=".run/$app.pid"
  if [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
    echo "start.sh: $app already running (pid $(cat "$pid_file"))"
    continue
  fi
  nohup node "dist/apps/$app/src/main.js" >>".run/$app.log" 2>&1 &
  echo $! >"$pid_file"
done

for app in job-writer outbox-relay indexer gateway; do
  url="http://127.0.0.1:${ports[$app]}/health/ready"
  for _ in $(seq 1 60); do curl -fs -o /dev/null "$url" && break; sleep 1; done
  curl -fs -o /dev/null "$url" || { echo "start.sh: $app is not ready; see .run/$app.log" >&2; exit 1; }
  echo "start.sh: $app ready on port ${ports[$app]}"
done
# A local admin key for README's examples: the saved one while the gateway still accepts it,
# else a new one (the CLI creates admin@example.com if missing). The database keeps only its
# hash; the file (mode 600) is for this machine's user.
# The CLI's notes to a person (stderr) go to .run/admin.log: the secrets are printed below.
save_secret() {
  local file="$1"; shift
  (umask 077 && npm run -s cli -- "$@" >"$file" 2>>.run/admin.log) ||
    { tail -n 20 .run/admin.log >&2; echo "start.sh: cli $1 $2 failed; see .run/admin.log" >&2; exit 1; }
}
key_file=.run/admin.key
if ! { [ -s "$key_file" ] && curl -fs -o /dev/null -H "Authorization: Bearer $(cat "$key_file")" http://127.0.0.1:3000/api-keys; }; then
  save_secret "$key_file" api-keys create --email admin@example.com --name 'Local admin' --role admin --key-name start.sh
fi
# The same admin's dashboard sign-in: the saved password while it still works, else a new one.
password_file=.run/admin.password
signs_in() { curl -fs -o /dev/null -H 'content-type: application/json' -d "{\"email\":\"admin@example.com\",\"password\":\"$(cat "$password_file")\"}" http://127.0.0.1:3000/auth/session; }
if ! { [ -s "$password_file" ] && signs_in; }; then
  save_secret "$password_file" users set-password --email admin@example.com --role admin --generate
fi
echo "start.sh: admin API key (saved in $key_file): $(cat "$key_file")"
echo "start.sh: API at http://127.0.0.1:3000 (try: curl -s -H \"Authorization: Bearer \$(cat $key_file)\" 'http://127.0.0.1:3000/jobs')"
echo "start.sh: dashboard at http://127.0.0.1:3000/ : sign in as admin@example.com with password $(cat "$password_file") (saved in $password_file)"
