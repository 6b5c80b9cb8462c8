#!/usr/bin/env bash
# make observe: Prometheus (Debian's prometheus package) on 127.0.0.1:PROMETHEUS_PORT, scraping the
# api, every worker copy (WORKER_BASE_PORT + 1 .. + OBSERVE_WORKERS, default 3: copies not running
# show as down) and the Temporal dev server's /metrics (TEMPORAL_METRICS_PORT). The scrape config is
# observability/prometheus.yml, the same file docker-compose mounts; this script writes only the
# targets, next to a link to it under .run/observe/ (data in .run/observe/data, kept 2 days).
#
#   scripts/observe.sh start    install prometheus if missing, start (idempotent), wait, print URLs
#   scripts/observe.sh stop
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

DIR="$RUN_DIR/observe"
OBSERVE_WORKERS="${OBSERVE_WORKERS:-3}"
[[ "$OBSERVE_WORKERS" =~ ^[1-9][0-9]*$ ]] || die "OBSERVE_WORKERS must be a positive number"

write_targets() {
  mkdir -p "$DIR/targets" "$DIR/data"
  # Prometheus reads file_sd paths relative to the config file's directory: a link keeps one config.
  ln -sfn "$ROOT/observability/prometheus.yml" "$DIR/prometheus.yml"
  printf -- '- targets: ["127.0.0.1:%s"]\n' "$API_MANAGEMENT_PORT" >"$DIR/targets/api.yml"
  {
    printf -- '- targets:\n'
    local i
    for ((i = 1; i <= OBSERVE_WORKERS; i++)); do
      printf -- '    - "127.0.0.1:%s"\n' $((WORKER_BASE_PORT + i))
    done
  } >"$DIR/targets/worker.yml"
  printf -- '- targets: ["127.0.0.1:%s"]\n' "$TEMPORAL_METRICS_PORT" >"$DIR/targets/temporal.yml"
}

start() {
  command -v prometheus >/dev/null 2>&1 || apt_install prometheus
  write_targets
  local pid url="http://127.0.0.1:$PROMETHEUS_PORT"
  if pid="$(service_pid prometheus)"; then
    log "prometheus already running (pid $pid): targets rewritten, it reads them again by itself"
  else
    port_in_use "$PROMETHEUS_PORT" &&
      die "port $PROMETHEUS_PORT is taken by $(port_owner "$PROMETHEUS_PORT"): set PROMETHEUS_PORT"
    start_bg prometheus "$DIR/prometheus.yml" prometheus \
      --config.file="$DIR/prometheus.yml" \
      --storage.tsdb.path="$DIR/data" \
      --storage.tsdb.retention.time=2d \
      --web.listen-address="127.0.0.1:$PROMETHEUS_PORT"
    wait_http prometheus "$url/-/ready" 60 || die "prometheus did not become ready"
  fi
  cat <<EOT

Prometheus is running:  $url   (targets: $url/targets)
  Dashboard queries:    observability/grafana/dashboards/powerbank.json (Grafana: docker compose)
  e.g.                  $url/graph?g0.expr=sum(powerbank_rentals_started_total)&g0.tab=1
  Stop:                 scripts/observe.sh stop (make stop stops it too)

EOT
}

case "${1:-start}" in
  start) start ;;
  stop) stop_service prometheus ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
