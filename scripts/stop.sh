#!/usr/bin/env bash
# make stop: ends by PID what make run started (api, workers, stubs, the Temporal server), and
# PostgreSQL only if make run/test started it. SIGTERM, then SIGKILL after STOP_TIMEOUT (30 s).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# api and the workers together (they shut down gracefully in parallel), then what they use.
apps=(api)
for f in "$PID_DIR"/worker*.pid; do
  [ -e "$f" ] && apps+=("$(basename "$f" .pid)")
done
for name in "${apps[@]}"; do
  stop_service "$name" &
done
wait
stop_service stubs
stop_service prometheus # make observe
"$ROOT/scripts/temporal.sh" stop
"$ROOT/scripts/postgres.sh" release
log "stopped"
