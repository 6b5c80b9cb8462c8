#!/usr/bin/env bash
# make status: what make run started, and whether it answers.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

show() {
  local name="$1" url="$2" pid
  if pid="$(service_pid "$name")"; then
    printf '%-10s running  pid %-8s %s -> %s\n' "$name" "$pid" "$url" "$(http_status "$url" 3)"
  else
    printf '%-10s stopped\n' "$name"
  fi
}

show stubs "http://127.0.0.1:$STUBS_PORT/configs"
show worker "http://127.0.0.1:$((WORKER_BASE_PORT + 1))/actuator/health"
for f in "$PID_DIR"/worker[0-9]*.pid; do
  [ -e "$f" ] || continue
  n="$(basename "$f" .pid)"
  show "$n" "http://127.0.0.1:$((WORKER_BASE_PORT + ${n#worker}))/actuator/health"
done
show api "http://127.0.0.1:$API_PORT/api/v1/health"
"$ROOT/scripts/temporal.sh" status
"$ROOT/scripts/postgres.sh" status
