#!/usr/bin/env bash
# make stop: ends by PID what make run started (api, workers, stubs, the Temporal server), and
# PostgreSQL only if make run/test started it. SIGTERM, then SIGKILL after STOP_TIMEOUT (30 s).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

names=(api)
for f in "$PID_DIR"/worker*.pid; do
  [ -e "$f" ] && names+=("$(basename "$f" .pid)")
done
names+=(stubs)
for name in "${names[@]}"; do
  stop_service "$name"
done
"$ROOT/scripts/temporal.sh" stop
"$ROOT/scripts/postgres.sh" release
log "stopped"
