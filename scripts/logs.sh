#!/usr/bin/env bash
# make logs: the last lines of every service log; follows them when run in a terminal.
#   LOG_LINES=200 make logs  more lines
#   make logs SERVICE=api    one service
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

lines="${LOG_LINES:-50}"
if [ -n "${SERVICE:-}" ]; then
  files=("$LOG_DIR/$SERVICE.log")
else
  files=("$LOG_DIR"/*.log)
fi
[ -e "${files[0]}" ] || die "no logs in .run/logs/ yet (make run writes them)"
if [ -t 1 ]; then
  exec tail -n "$lines" -F "${files[@]}"
else
  tail -n "$lines" "${files[@]}"
fi
