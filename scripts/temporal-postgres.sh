#!/usr/bin/env bash
# Temporal on PostgreSQL persistence (issue 8): the real server (go.temporal.io/server's own
# cmd/server, as a production deployment runs it) instead of the dev server's SQLite. Frontend,
# history, matching and worker services run in one process, all on 127.0.0.1; no Web UI.
#
#   scripts/temporal-postgres.sh install   go install the server and temporal-sql-tool into .run/bin
#   scripts/temporal-postgres.sh start     install if needed, create or update the schema, write the
#                                          config, start (idempotent), wait, namespace + search attributes
#   scripts/temporal-postgres.sh stop      stop what start started
#   scripts/temporal-postgres.sh status
#
# `TEMPORAL_SERVER=postgres make run` (scripts/temporal.sh start) uses it instead of the dev server.
# Ports: frontend gRPC TEMPORAL_PORT (7233), the other services' gRPC and membership ports right
# after it (TEMPORAL_PORT + 1 ... + 8), Prometheus /metrics on TEMPORAL_METRICS_PORT.
# PostgreSQL: host, port, user and password from TEMPORAL_PG_URL (postgres://user:pass@host:port),
# else from DATABASE_URL, else powerbank/powerbank on 127.0.0.1:5432; databases TEMPORAL_PG_DB
# (temporal) and TEMPORAL_PG_VIS_DB (temporal_visibility), created when missing (needs CREATEDB).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

SERVER_VERSION="${TEMPORAL_SERVER_VERSION:-v1.29.1}" # its go.mod has no replace directive: go install works
BIN="$RUN_DIR/bin"
SERVER_BIN="$BIN/temporal-server"
SQL_TOOL="$BIN/temporal-sql-tool"
HOST=127.0.0.1
PORT="$TEMPORAL_PORT"
DATA_DIR="$RUN_DIR/temporal-postgres" # config/ (written at each start)
MODE_FILE="$RUN_DIR/temporal/mode"    # shared with scripts/temporal.sh: one Temporal per checkout
DB_FILE="$RUN_DIR/temporal/postgres-databases" # bench/procs.py counts these databases' backends
NAMESPACE="${TEMPORAL_NAMESPACE:-default}"
RETENTION="${TEMPORAL_RETENTION:-24h}"
PG_DB="${TEMPORAL_PG_DB:-temporal}"
PG_VIS_DB="${TEMPORAL_PG_VIS_DB:-temporal_visibility}"
# Shards are fixed when the cluster is created. 4 (Temporal's own development-postgres12.yaml):
# more than the 2 cores here can keep busy, each shard its own lane of history writes; the
# dev server runs 1. Changing it later needs a fresh database.
SHARDS="${TEMPORAL_PG_SHARDS:-4}"
# Each of the four services opens its own pool per store: 4 x (4 + 1) = at most 20 connections,
# on a PostgreSQL whose max_connections (100) other stacks share.
MAX_CONNS="${TEMPORAL_PG_MAX_CONNS:-4}"
VIS_MAX_CONNS="${TEMPORAL_PG_VIS_MAX_CONNS:-1}"
START_TIMEOUT="${TEMPORAL_START_TIMEOUT:-120}"
mkdir -p "$BIN" "$DATA_DIR/config" "$RUN_DIR/temporal"

# PG_HOST, PG_PORT, PG_USER, PG_PASSWORD from TEMPORAL_PG_URL, DATABASE_URL, or the local default.
pg_settings() {
  local url="${TEMPORAL_PG_URL:-${DATABASE_URL:-postgres://powerbank:powerbank@127.0.0.1:5432/powerbank}}" parsed k v
  parsed="$(python3 - "$url" <<'PY'
import sys, urllib.parse as u
p = u.urlsplit(sys.argv[1])
if p.scheme not in ("postgres", "postgresql") or not p.hostname:
    sys.exit("TEMPORAL_PG_URL must look like postgres://user:pass@host:5432, got %r" % sys.argv[1])
for k, v in (("PG_HOST", p.hostname), ("PG_PORT", str(p.port or 5432)),
             ("PG_USER", u.unquote(p.username or "")), ("PG_PASSWORD", u.unquote(p.password or ""))):
    print("%s\t%s" % (k, v))
PY
)" || die "cannot parse TEMPORAL_PG_URL / DATABASE_URL"
  while IFS=$'\t' read -r k v; do
    printf -v "$k" '%s' "$v"
  done <<<"$parsed"
}

install_server() {
  if [ -x "$SERVER_BIN" ] && [ -x "$SQL_TOOL" ] && [ "$(cat "$BIN/temporal-server.version" 2>/dev/null)" = "$SERVER_VERSION" ]; then
    log "Temporal server $SERVER_VERSION present: $SERVER_BIN"
    return 0
  fi
  command -v go >/dev/null 2>&1 || die "Go is not installed: cannot go install the Temporal server"
  local ilog="$LOG_DIR/temporal-server-install.log" start tmp
  start=$(date +%s)
  tmp="$(mktemp -d)"
  log "installing the Temporal server: go install go.temporal.io/server/cmd/server@$SERVER_VERSION and"
  log "  .../cmd/tools/sql@$SERVER_VERSION (several minutes under nice 19; .run/logs/temporal-server-install.log)"
  GOBIN="$tmp" nice -n 19 go install "go.temporal.io/server/cmd/server@$SERVER_VERSION" \
    "go.temporal.io/server/cmd/tools/sql@$SERVER_VERSION" >"$ilog" 2>&1 || {
    tail -n 20 "$ilog" >&2
    rm -rf "$tmp"
    die "go install of the Temporal server $SERVER_VERSION failed (.run/logs/temporal-server-install.log)"
  }
  mv -f "$tmp/server" "$SERVER_BIN"
  mv -f "$tmp/sql" "$SQL_TOOL"
  rm -rf "$tmp"
  echo "$SERVER_VERSION" >"$BIN/temporal-server.version"
  log "Temporal server installed in $(($(date +%s) - start))s: $SERVER_BIN, $SQL_TOOL"
}

# The server module's own schema files, from the Go module cache (go install put them there).
schema_dir() {
  local d
  d="$(go env GOMODCACHE)/go.temporal.io/server@$SERVER_VERSION/schema/postgresql/v12/$1/versioned"
  [ -d "$d" ] || die "schema directory $d is missing: go mod download go.temporal.io/server@$SERVER_VERSION"
  echo "$d"
}

sql_tool() {
  "$SQL_TOOL" --plugin postgres12 --ep "$PG_HOST" -p "$PG_PORT" -u "$PG_USER" --pw "$PG_PASSWORD" "$@"
}

pg_query() { # pg_query DB SQL: one value, or nothing when the query fails
  PGPASSWORD="$PG_PASSWORD" psql -X -q -A -t -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$1" -c "$2" 2>/dev/null || true
}

# Creates the database when missing, sets its schema up once, then applies what is newer.
ensure_schema() {
  local db="$1" kind="$2" dir have
  command -v psql >/dev/null 2>&1 || die "psql is needed to check Temporal's databases"
  if [ "$(pg_query postgres "SELECT 1 FROM pg_database WHERE datname = '$db'")" != 1 ]; then
    log "creating database $db"
    sql_tool --db "$db" create-database >>"$LOG_DIR/temporal-schema.log" 2>&1 ||
      die "cannot create database $db as $PG_USER (create it, owned by $PG_USER, and run again)"
  fi
  dir="$(schema_dir "$kind")"
  have="$(pg_query "$db" "SELECT curr_version FROM schema_version LIMIT 1")"
  if [ -z "$have" ]; then
    log "setting up the $kind schema in $db"
    sql_tool --db "$db" setup-schema -v 0.0 >>"$LOG_DIR/temporal-schema.log" 2>&1 ||
      die "setup-schema on $db failed (.run/logs/temporal-schema.log)"
  fi
  sql_tool --db "$db" update-schema -d "$dir" >>"$LOG_DIR/temporal-schema.log" 2>&1 ||
    die "update-schema on $db failed (.run/logs/temporal-schema.log)"
  log "schema of $db: $kind version $(pg_query "$db" "SELECT curr_version FROM schema_version LIMIT 1")" \
    "(was ${have:-none})"
}

write_config() {
  local f="$DATA_DIR/config/development.yaml"
  cat >"$f" <<EOF
# Written by scripts/temporal-postgres.sh at each start: edit the script, not this file.
log:
  stdout: true
  level: warn
persistence:
  defaultStore: postgres-default
  visibilityStore: postgres-visibility
  numHistoryShards: $SHARDS
  datastores:
    postgres-default:
      sql:
        pluginName: postgres12
        databaseName: $PG_DB
        connectAddr: "$PG_HOST:$PG_PORT"
        connectProtocol: tcp
        user: "$PG_USER"
        password: "$PG_PASSWORD"
        maxConns: $MAX_CONNS
        maxIdleConns: $MAX_CONNS
        maxConnLifetime: 1h
    postgres-visibility:
      sql:
        pluginName: postgres12
        databaseName: $PG_VIS_DB
        connectAddr: "$PG_HOST:$PG_PORT"
        connectProtocol: tcp
        user: "$PG_USER"
        password: "$PG_PASSWORD"
        maxConns: $VIS_MAX_CONNS
        maxIdleConns: $VIS_MAX_CONNS
        maxConnLifetime: 1h
global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: "$HOST"
  metrics:
    prometheus:
      framework: tally
      timerType: histogram
      listenAddress: "$HOST:$TEMPORAL_METRICS_PORT"
services:
  frontend:
    rpc: { grpcPort: $PORT, membershipPort: $((PORT + 1)), httpPort: $((PORT + 2)), bindOnIP: "$HOST" }
  history:
    rpc: { grpcPort: $((PORT + 3)), membershipPort: $((PORT + 4)), bindOnIP: "$HOST" }
  matching:
    rpc: { grpcPort: $((PORT + 5)), membershipPort: $((PORT + 6)), bindOnIP: "$HOST" }
  worker:
    rpc: { grpcPort: $((PORT + 7)), membershipPort: $((PORT + 8)), bindOnIP: "$HOST" }
clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: active
  currentClusterName: active
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: frontend
      rpcAddress: "$HOST:$PORT"
dcRedirectionPolicy:
  policy: noop
dynamicConfigClient:
  filepath: "$DATA_DIR/config/dynamicconfig.yaml"
  pollInterval: 10s
EOF
  # The server's defaults otherwise (the dev server raises persistence QPS limits and refreshes
  # the search-attribute cache on every read; a production cluster does neither).
  cat >"$DATA_DIR/config/dynamicconfig.yaml" <<'EOF'
# Written by scripts/temporal-postgres.sh: Temporal's defaults, nothing overridden.
{}
EOF
}

cli() { "$ROOT/scripts/temporal.sh" cli; }

healthy() {
  local c
  c="$(cli 2>/dev/null)" || return 1
  "$c" operator cluster health --address "$HOST:$PORT" --command-timeout 3s 2>/dev/null | grep -q SERVING
}

wait_healthy() {
  local start
  start=$(date +%s)
  until healthy; do
    if ! service_pid temporal >/dev/null; then
      show_log_tail temporal
      die "the PostgreSQL-backed Temporal server exited while starting"
    fi
    if (($(date +%s) - start >= START_TIMEOUT)); then
      show_log_tail temporal
      die "the PostgreSQL-backed Temporal server is not healthy after ${START_TIMEOUT}s"
    fi
    sleep 1
  done
  log "Temporal server (PostgreSQL) is up on $HOST:$PORT ($(($(date +%s) - start))s)"
}

ensure_namespace() {
  local c i
  c="$(cli)"
  if ! "$c" operator namespace describe --address "$HOST:$PORT" --namespace "$NAMESPACE" >/dev/null 2>&1; then
    log "creating namespace $NAMESPACE (retention $RETENTION)"
    "$c" operator namespace create --address "$HOST:$PORT" --namespace "$NAMESPACE" --retention "$RETENTION" >/dev/null
  fi
  # The services learn of a new namespace from their cache (refreshed every 10 s).
  for ((i = 0; i < 30; i++)); do
    "$c" workflow list --address "$HOST:$PORT" --namespace "$NAMESPACE" --limit 1 >/dev/null 2>&1 && return 0
    sleep 1
  done
  die "namespace $NAMESPACE does not answer workflow list after 30 s"
}

start() {
  local pid
  if pid="$(service_pid temporal)"; then
    [ "$(cat "$MODE_FILE" 2>/dev/null)" = postgres ] ||
      die "another Temporal of this checkout runs (pid $pid, $(cat "$MODE_FILE" 2>/dev/null || echo '?')): make stop first"
    log "Temporal server (PostgreSQL) already running (pid $pid)"
    wait_healthy
  else
    port_in_use "$PORT" && die "port $PORT is taken by $(port_owner "$PORT"), not by this checkout's Temporal"
    install_server
    pg_settings
    ensure_schema "$PG_DB" temporal
    ensure_schema "$PG_VIS_DB" visibility
    write_config
    printf '%s\n%s\n' "$PG_DB" "$PG_VIS_DB" >"$DB_FILE"
    start_bg temporal "$SERVER_BIN" "$SERVER_BIN" --root "$DATA_DIR" --config config --env development \
      --allow-no-auth start --service frontend --service history --service matching --service worker
    echo postgres >"$MODE_FILE"
    wait_healthy
  fi
  ensure_namespace
  "$ROOT/scripts/temporal.sh" attributes
}

status() {
  local pid
  if pid="$(service_pid temporal)" && [ "$(cat "$MODE_FILE" 2>/dev/null)" = postgres ]; then
    echo "temporal: running (pid $pid, postgres: $(tr '\n' ' ' <"$DB_FILE"))"
  else
    echo "temporal (postgres): stopped"
  fi
}

case "${1:-start}" in
  install) install_server ;;
  start) start ;;
  stop) stop_service temporal 20 ;;
  status) status ;;
  *)
    echo "usage: $0 install|start|stop|status" >&2
    exit 2
    ;;
esac
