#!/usr/bin/env bash
# make bench: the load benchmark of bench/ against the stack make run started (its ports from
# scripts/common.sh's variables). Installs its tools first: vegeta (go install, pinned) into
# .run/bin and matplotlib (pinned) into .run/venv-bench.
#
#   make bench                        full run (about 35 minutes), writes BENCHMARKS.md
#   make bench BENCH_ARGS=--short     a few hundred rentals, under 5 minutes (CI)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

VEGETA_PKG="github.com/tsenart/vegeta/v12@v12.12.0"
VENV="$RUN_DIR/venv-bench"
BIN="$RUN_DIR/bin"
mkdir -p "$BIN"

if [ ! -x "$BIN/vegeta" ]; then
  command -v go >/dev/null 2>&1 || die "the bench's load tool needs Go: go install $VEGETA_PKG"
  log "installing vegeta: go install $VEGETA_PKG"
  GOBIN="$BIN" go install "$VEGETA_PKG" || die "go install $VEGETA_PKG failed"
fi
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import matplotlib' 2>/dev/null; then
  log "installing matplotlib into .run/venv-bench (bench/requirements.txt)"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check -r "$ROOT/bench/requirements.txt" ||
    warn "matplotlib could not be installed: the bench runs without plots"
fi
command -v psql >/dev/null 2>&1 || die "the bench reads the read model with psql"
curl -sf -m 5 "http://127.0.0.1:$API_PORT/api/v1/health" >/dev/null ||
  die "the api does not answer on 127.0.0.1:$API_PORT: make run first"

export API_PORT STUBS_PORT WORKER_BASE_PORT TEMPORAL_PORT VEGETA="$BIN/vegeta"
# shellcheck disable=SC2086 # BENCH_ARGS is a list of options
exec "$VENV/bin/python" "$ROOT/bench/bench.py" ${BENCH_ARGS:-} "$@"
