#!/usr/bin/env bash
# make run: build, provide PostgreSQL and Temporal, start stubs, worker(s) and api in the
# background, wait until healthy, print the URLs. Safe to run again: what runs is left alone.
#
#   WORKERS=2 make run     a second worker copy (management port 8082), and so on
#   SKIP_BUILD=1 make run  start from the jars already built
#   HEALTH_TIMEOUT=300     seconds to wait for each service (default 180)
#   JAVA_OPTS=...          extra JVM options for the three apps
#   TEMPORAL_SERVER=postgres  the real Temporal server on PostgreSQL (scripts/temporal-postgres.sh)
#                          instead of the dev server (SQLite)
#   STUBS_PORT, API_PORT, WORKER_BASE_PORT, TEMPORAL_PORT, TEMPORAL_UI_PORT: see scripts/common.sh
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

WORKERS="${WORKERS:-1}"
HEALTH_TIMEOUT="${HEALTH_TIMEOUT:-180}"
JAR_DIR="$RUN_DIR/jars"
mkdir -p "$JAR_DIR"
[[ "$WORKERS" =~ ^[1-9][0-9]*$ ]] || die "WORKERS must be a positive number, got '$WORKERS'"

cd "$ROOT"
ensure_java
ensure_maven
log "JDK: $JAVA_HOME"

if [ "${SKIP_BUILD:-}" = 1 ]; then
  log "SKIP_BUILD=1: not building"
else
  log "building: mvn -B -q -DskipTests package"
  mvn -B -q -ntp -Dstyle.color=never -DskipTests package || die "build failed"
fi
for m in stubs worker api; do
  [ -f "$m/target/$m.jar" ] || die "$m/target/$m.jar is missing: the build should produce it (finalName $m)"
done

if [ -n "${DATABASE_URL:-}" ]; then
  log "DATABASE_URL set: using it, no local PostgreSQL"
fi
"$ROOT/scripts/postgres.sh" ensure
"$ROOT/scripts/temporal.sh" start
export_app_env

# start_app NAME MODULE PORT [ENV=VALUE...]: runs a private copy of MODULE's jar (a rebuild while
# it runs must not pull the jar from under the JVM). Returns 1 when it was already running.
start_app() {
  local name="$1" module="$2" port="$3" pid
  shift 3
  if pid="$(service_pid "$name")"; then
    log "$name already running (pid $pid): left alone (make stop && make run to restart it)"
    return 1
  fi
  # Another process on the port would answer the health check in our service's place.
  if port_in_use "$port"; then
    die "port $port, which $name needs, is taken by another process $(port_owner "$port") that this" \
      "checkout's make run did not start: stop it (or its own 'make stop') and run again"
  fi
  cp "$module/target/$module.jar" "$JAR_DIR/$name.jar"
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of options
  start_bg "$name" "$JAR_DIR/$name.jar" env "$@" java ${JAVA_OPTS:-} -jar "$JAR_DIR/$name.jar"
}

worker_name() { if [ "$1" -eq 1 ]; then echo worker; else echo "worker$1"; fi; }

# The apps bind the ports they read: stubs STUBS_PORT, api PORT, worker WORKER_MANAGEMENT_PORT.
start_app stubs stubs "$STUBS_PORT" "STUBS_PORT=$STUBS_PORT" || true
wait_http stubs "http://127.0.0.1:$STUBS_PORT/configs" "$HEALTH_TIMEOUT" || die "stubs did not become healthy"

for ((i = 1; i <= WORKERS; i++)); do
  start_app "$(worker_name "$i")" worker $((WORKER_BASE_PORT + i)) "WORKER_MANAGEMENT_PORT=$((WORKER_BASE_PORT + i))" || true
done
start_app api api "$API_PORT" "PORT=$API_PORT" "API_MANAGEMENT_PORT=$API_MANAGEMENT_PORT" || true

for ((i = 1; i <= WORKERS; i++)); do
  wait_http "$(worker_name "$i")" "http://127.0.0.1:$((WORKER_BASE_PORT + i))/actuator/health" "$HEALTH_TIMEOUT" ||
    die "$(worker_name "$i") did not become healthy"
done
wait_http api "http://127.0.0.1:$API_PORT/api/v1/health" "$HEALTH_TIMEOUT" || {
  curl -s -m 5 "http://127.0.0.1:$API_PORT/api/v1/health" >&2 || true
  echo >&2
  die "api did not become healthy"
}

temporal_ui="http://127.0.0.1:$TEMPORAL_UI_PORT"
case "$(cat "$RUN_DIR/temporal/mode" 2>/dev/null)" in
  testserver) temporal_ui="(none: the Temporal TEST SERVER fallback is running, it has no Web UI)" ;;
  postgres) temporal_ui="(none: the PostgreSQL-backed Temporal server, TEMPORAL_SERVER=postgres, has no Web UI)" ;;
esac
cat <<EOF

Powerbank rental is running:
  Demo UI          http://127.0.0.1:$API_PORT/
  Swagger UI       http://127.0.0.1:$API_PORT/swagger-ui.html   (OpenAPI: /v3/api-docs)
  API health       http://127.0.0.1:$API_PORT/api/v1/health
  Temporal Web UI  $temporal_ui
  Stubs admin      http://127.0.0.1:$STUBS_PORT/admin/state   (POST /admin/reset, /admin/faults; PUT /admin/configs)
  Workers          $WORKERS (actuator: $(for ((i = 1; i <= WORKERS; i++)); do printf 'http://127.0.0.1:%s/actuator/health ' $((WORKER_BASE_PORT + i)); done))
  Logs             .run/logs/   (make logs)      Stop: make stop

EOF
