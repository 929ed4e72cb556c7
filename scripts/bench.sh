#!/usr/bin/env bash
# Benchmarks and the chaos run, outside the test command: builds the services, then runs one jest
# project (bench or chaos) with the services up, optionally only the files matching a pattern.
#
#   scripts/bench.sh bench|chaos [pattern]     e.g. npm run bench -- pipeline
set -euo pipefail
cd "$(dirname "$0")/.."
project="$1"
pattern="${2:-}"

[ -d node_modules ] || npm ci --no-audit --no-fund
bash scripts/with-services.sh bash -c \
  'npm run -s build && npx jest --runInBand --selectProjects "$1" ${2:+--testPathPattern "$2"}' _ "$project" "$pattern"
