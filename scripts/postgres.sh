#!/usr/bin/env bash
# Local PostgreSQL for make run / make test (Debian's packages and pg_ctlcluster).
#
#   scripts/postgres.sh ensure   install if missing, start the cluster, create role and databases
#   scripts/postgres.sh start    start the cluster (install if missing)
#   scripts/postgres.sh stop     stop the cluster, whoever started it (chaos tests)
#   scripts/postgres.sh restart  restart the cluster (chaos tests)
#   scripts/postgres.sh release  stop the cluster only if one of these scripts started it (make stop)
#   scripts/postgres.sh status
#
# With DATABASE_URL set, nothing local is touched: ensure only checks that the server answers.
# Role powerbank / password powerbank (LOGIN, CREATEDB) owns databases powerbank and powerbank_test.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

DB_USER=powerbank
DB_PASSWORD=powerbank
DATABASES=(powerbank powerbank_test)
STARTED_FLAG="$PID_DIR/postgres.started-by-make"

# "<version> <cluster> <port> <status>" of the newest cluster, or nothing.
cluster_line() {
  command -v pg_lsclusters >/dev/null 2>&1 || return 0
  pg_lsclusters --no-header 2>/dev/null | awk '{print $1, $2, $3, $4}' | sort -V | tail -n 1
}

install_if_missing() {
  if command -v pg_lsclusters >/dev/null 2>&1 && ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    return 0
  fi
  log "PostgreSQL is not installed: installing Debian's postgresql"
  apt_install postgresql postgresql-contrib
}

# Runs a command as the postgres OS user, from a directory it can read.
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then
    (cd / && runuser -u postgres -- "$@")
  else
    (cd / && sudo -u postgres "$@")
  fi
}

start_cluster() {
  install_if_missing
  local line ver name port status
  line="$(cluster_line)"
  if [ -z "$line" ]; then
    ver="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
    log "no PostgreSQL cluster: creating $ver/main"
    as_root pg_createcluster "$ver" main
    line="$(cluster_line)"
  fi
  read -r ver name port status <<<"$line"
  if [ "$status" != online ]; then
    log "starting PostgreSQL cluster $ver/$name (port $port)"
    as_root pg_ctlcluster "$ver" "$name" start
    echo "$ver $name" >"$STARTED_FLAG"
  fi
  local i
  for ((i = 0; i < 60; i++)); do
    if pg_isready -q -h 127.0.0.1 -p "$port"; then
      break
    fi
    sleep 1
  done
  pg_isready -q -h 127.0.0.1 -p "$port" || die "PostgreSQL $ver/$name does not answer on 127.0.0.1:$port"
  [ "$port" = 5432 ] || warn "PostgreSQL $ver/$name listens on port $port, not 5432: set DATABASE_URL accordingly"
  PG_PORT="$port"
}

psql_admin() {
  as_postgres psql -X -q -v ON_ERROR_STOP=1 -p "$PG_PORT" -d postgres "$@"
}

create_role_and_databases() {
  local exists db
  exists="$(psql_admin -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$DB_USER'")"
  if [ "$exists" = 1 ]; then
    psql_admin -c "ALTER ROLE $DB_USER WITH LOGIN CREATEDB PASSWORD '$DB_PASSWORD'"
  else
    log "creating role $DB_USER"
    psql_admin -c "CREATE ROLE $DB_USER WITH LOGIN CREATEDB PASSWORD '$DB_PASSWORD'"
  fi
  for db in "${DATABASES[@]}"; do
    exists="$(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")"
    if [ "$exists" != 1 ]; then
      log "creating database $db"
      psql_admin -c "CREATE DATABASE $db OWNER $DB_USER"
    fi
  done
  # Prove the apps' way in works: TCP, password authentication.
  for db in "${DATABASES[@]}"; do
    PGPASSWORD="$DB_PASSWORD" psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U "$DB_USER" -d "$db" -tAc 'SELECT 1' >/dev/null ||
      die "cannot log in as $DB_USER to $db on 127.0.0.1:$PG_PORT with the password"
  done
}

check_external() {
  database_url_to_spring
  command -v pg_isready >/dev/null 2>&1 || {
    log "DATABASE_URL is set; pg_isready not installed, not checking the server"
    return 0
  }
  pg_isready -q -h "$DB_HOST" -p "$DB_PORT" -t 10 ||
    die "DATABASE_URL is set but nothing answers on $DB_HOST:$DB_PORT"
  log "DATABASE_URL is set: using $DB_HOST:$DB_PORT/$DB_NAME, local PostgreSQL left alone"
}

cmd="${1:-ensure}"
case "$cmd" in
  ensure)
    if [ -n "${DATABASE_URL:-}" ]; then
      check_external
      exit 0
    fi
    start_cluster
    create_role_and_databases
    log "PostgreSQL ready on 127.0.0.1:$PG_PORT (databases: ${DATABASES[*]}, user $DB_USER)"
    ;;
  start)
    start_cluster
    ;;
  stop | restart)
    line="$(cluster_line)"
    [ -n "$line" ] || die "no PostgreSQL cluster"
    read -r ver name _ _ <<<"$line"
    log "$cmd PostgreSQL cluster $ver/$name"
    as_root pg_ctlcluster "$ver" "$name" "$cmd"
    ;;
  release)
    if [ -f "$STARTED_FLAG" ]; then
      read -r ver name <"$STARTED_FLAG"
      log "stopping PostgreSQL cluster $ver/$name (make run/test started it)"
      as_root pg_ctlcluster "$ver" "$name" stop || warn "pg_ctlcluster $ver $name stop failed"
      rm -f "$STARTED_FLAG"
    fi
    ;;
  status)
    if [ -n "${DATABASE_URL:-}" ]; then
      echo "DATABASE_URL set (external PostgreSQL)"
    elif command -v pg_lsclusters >/dev/null 2>&1; then
      pg_lsclusters
    else
      echo "PostgreSQL not installed"
    fi
    ;;
  *)
    echo "usage: $0 ensure|start|stop|restart|release|status" >&2
    exit 2
    ;;
esac
