# shellcheck shell=bash
# Shared helpers for the run/test scripts. Source it; do not run it.
#   . "$(dirname "${BASH_SOURCE[0]}")/common.sh"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN_DIR="$ROOT/.run"
PID_DIR="$RUN_DIR/pids"
LOG_DIR="$RUN_DIR/logs"
mkdir -p "$PID_DIR" "$LOG_DIR"

# Ports on 127.0.0.1. Change them to run a second stack beside another one on the same machine.
STUBS_PORT="${STUBS_PORT:-3629}"
API_PORT="${API_PORT:-8000}"
API_MANAGEMENT_PORT="${API_MANAGEMENT_PORT:-$((API_PORT + 1))}" # the api's actuator (health, info, prometheus)
WORKER_BASE_PORT="${WORKER_BASE_PORT:-8080}" # worker N serves its actuator on WORKER_BASE_PORT + N
TEMPORAL_PORT="${TEMPORAL_PORT:-7233}"
TEMPORAL_UI_PORT="${TEMPORAL_UI_PORT:-$((TEMPORAL_PORT + 1000))}"
TEMPORAL_METRICS_PORT="${TEMPORAL_METRICS_PORT:-$((TEMPORAL_PORT + 2000))}" # dev server's /metrics
PROMETHEUS_PORT="${PROMETHEUS_PORT:-9090}"                                # make observe

# Go's usual home when the environment's PATH lacks it (the Temporal CLI is built with go install).
if ! command -v go >/dev/null 2>&1 && [ -x /usr/local/go/bin/go ]; then
  export PATH="$PATH:/usr/local/go/bin"
fi

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*"; }
warn() { printf '[%s] WARNING: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() {
  printf '[%s] ERROR: %s\n' "$(date +%H:%M:%S)" "$*" >&2
  exit 1
}

# A big banner for things a person must not miss.
loud() {
  local line='!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!'
  {
    echo "$line"
    local l
    for l in "$@"; do echo "!!! $l"; done
    echo "$line"
  } >&2
}

# Runs a command as root: directly when we are root, through sudo otherwise.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    die "need root (or sudo) for: $*"
  fi
}

# apt-get install, with one 'apt-get update' per process and only when something is missing.
APT_UPDATED=""
apt_install() {
  command -v apt-get >/dev/null 2>&1 || die "apt-get not found: install these by hand: $*"
  if [ -z "$APT_UPDATED" ]; then
    log "apt-get update"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    APT_UPDATED=1
  fi
  log "apt-get install -y $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

# --- JDK ------------------------------------------------------------------------------------

# Prints the major version of the java binary given (17, 21, 25, ...), or nothing.
java_major() {
  local v
  v="$("$1" -version 2>&1 | awk -F'"' '/version/ {print $2; exit}')"
  case "$v" in
    1.*) echo "${v#1.}" | cut -d. -f1 ;;
    "") ;;
    *) echo "${v%%[.+-]*}" ;;
  esac
}

# Exports JAVA_HOME and PATH for a JDK >= 21: JAVA_HOME if it already is one, else the newest
# JDK under /usr/lib/jvm. Fails loudly when there is none.
ensure_java() {
  local major
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    major="$(java_major "$JAVA_HOME/bin/java")"
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
      quiet_maven_on_new_jdk "$major"
      return 0
    fi
  fi
  local best="" best_major=0 dir
  for dir in /usr/lib/jvm/*/; do
    dir="${dir%/}"
    [ -L "$dir" ] && continue
    [ -x "$dir/bin/java" ] && [ -x "$dir/bin/javac" ] || continue
    major="$(java_major "$dir/bin/java")"
    [ -n "$major" ] || continue
    if [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best="$dir"
      best_major="$major"
    fi
  done
  if [ -z "$best" ]; then
    loud "No JDK 21 or newer found (JAVA_HOME='${JAVA_HOME:-}', nothing >= 21 under /usr/lib/jvm)." \
      "This project needs Java 21+. Install one (e.g. a Temurin 21/25 JDK) and set JAVA_HOME."
    exit 1
  fi
  export JAVA_HOME="$best"
  export PATH="$JAVA_HOME/bin:$PATH"
  quiet_maven_on_new_jdk "$best_major"
}

# Maven's own guava calls sun.misc.Unsafe, which JDK 24+ warns about at every start.
quiet_maven_on_new_jdk() {
  if [ "$1" -ge 24 ] && [[ "${MAVEN_OPTS:-}" != *sun-misc-unsafe-memory-access* ]]; then
    export MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }--sun-misc-unsafe-memory-access=allow"
  fi
}

ensure_maven() {
  command -v mvn >/dev/null 2>&1 && return 0
  log "Maven is not installed: installing Debian's maven"
  apt_install maven
}

# --- configuration ---------------------------------------------------------------------------

# DATABASE_URL=postgres://user:pass@host:port/db -> SPRING_DATASOURCE_URL/USERNAME/PASSWORD.
# Also sets DB_HOST, DB_PORT, DB_NAME for other scripts.
database_url_to_spring() {
  local parsed
  parsed="$(python3 - "$DATABASE_URL" <<'PY'
import sys, urllib.parse as u
p = u.urlsplit(sys.argv[1])
if p.scheme not in ("postgres", "postgresql") or not p.hostname or not p.path.strip("/"):
    sys.exit("DATABASE_URL must look like postgres://user:pass@host:5432/db, got %r" % sys.argv[1])
q = "?" + p.query if p.query else ""
host = p.hostname if ":" not in p.hostname else "[%s]" % p.hostname
port = p.port or 5432
db = p.path.strip("/")
for k, v in (("SPRING_DATASOURCE_URL", "jdbc:postgresql://%s:%d/%s%s" % (host, port, db, q)),
             ("SPRING_DATASOURCE_USERNAME", u.unquote(p.username or "")),
             ("SPRING_DATASOURCE_PASSWORD", u.unquote(p.password or "")),
             ("DB_HOST", p.hostname), ("DB_PORT", str(port)), ("DB_NAME", db)):
    print("%s\t%s" % (k, v))
PY
)" || die "cannot parse DATABASE_URL"
  local k v
  while IFS=$'\t' read -r k v; do
    export "$k=$v"
  done <<<"$parsed"
}

# Exports the environment the apps read (see README "Configuration"), keeping what is already set.
export_app_env() {
  if [ -n "${DATABASE_URL:-}" ]; then
    database_url_to_spring
  fi
  export SPRING_DATASOURCE_URL="${SPRING_DATASOURCE_URL:-jdbc:postgresql://127.0.0.1:5432/powerbank}"
  export SPRING_DATASOURCE_USERNAME="${SPRING_DATASOURCE_USERNAME:-powerbank}"
  export SPRING_DATASOURCE_PASSWORD="${SPRING_DATASOURCE_PASSWORD:-powerbank}"
  export TEMPORAL_ADDRESS="${TEMPORAL_ADDRESS:-127.0.0.1:$TEMPORAL_PORT}"
  export TEMPORAL_NAMESPACE="${TEMPORAL_NAMESPACE:-default}"
  export STUBS_URL="${STUBS_URL:-http://127.0.0.1:$STUBS_PORT}"
  # Sign-in (issue 11): the stubs' identity provider issues the tokens the api accepts; its signing
  # key is kept in .run/ so tokens survive a restart of the stubs; the demo UI signs in there.
  export AUTH_ISSUER_URI="${AUTH_ISSUER_URI:-$STUBS_URL}"
  export AUTH_KEY_FILE="${AUTH_KEY_FILE:-$RUN_DIR/auth/signing-key.json}"
  export AUTH_UI_REDIRECT_URIS="${AUTH_UI_REDIRECT_URIS:-http://127.0.0.1:$API_PORT/}"
  export AUTH_UI_ORIGINS="${AUTH_UI_ORIGINS:-http://127.0.0.1:$API_PORT}"
  export TEMPORAL_UI_URL="${TEMPORAL_UI_URL:-http://127.0.0.1:$TEMPORAL_UI_PORT}"
}

# --- processes -------------------------------------------------------------------------------

pid_file() { echo "$PID_DIR/$1.pid"; }

# A live process: it exists and is not a zombie (an orphan's zombie lingers until init reaps it).
alive() {
  kill -0 "$1" 2>/dev/null || return 1
  [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]
}

# Prints the pid of service NAME if its pid file names a live process, else fails.
# A pid reused by an unrelated process is not ours: the command line must contain the pattern
# stored on the second line of the pid file (when there is one).
service_pid() {
  local f pid pattern
  f="$(pid_file "$1")"
  [ -f "$f" ] || return 1
  pid="$(sed -n 1p "$f")"
  pattern="$(sed -n 2p "$f")"
  [ -n "$pid" ] && alive "$pid" || return 1
  if [ -n "$pattern" ] && [ -r "/proc/$pid/cmdline" ]; then
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$pattern" || return 1
  fi
  echo "$pid"
}

# start_bg NAME PATTERN CMD...: starts CMD detached (own session, nohup), output to
# .run/logs/NAME.log, pid (and PATTERN to recognise it later) to .run/pids/NAME.pid.
start_bg() {
  local name="$1" pattern="$2"
  shift 2
  local logf="$LOG_DIR/$name.log"
  {
    echo
    echo "===== $(date '+%F %T') starting $name: $*"
  } >>"$logf"
  # setsid: a Ctrl-C in the terminal that ran 'make run' does not reach the service.
  nohup setsid "$@" >>"$logf" 2>&1 </dev/null &
  local pid=$!
  printf '%s\n%s\n' "$pid" "$pattern" >"$(pid_file "$name")"
  log "started $name (pid $pid, log .run/logs/$name.log)"
}

# stop_service NAME [TIMEOUT]: SIGTERM, wait up to TIMEOUT seconds (default 30), then SIGKILL.
stop_service() {
  local name="$1" timeout="${2:-${STOP_TIMEOUT:-30}}" pid i
  if ! pid="$(service_pid "$name")"; then
    rm -f "$(pid_file "$name")"
    return 0
  fi
  log "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < timeout * 5; i++)); do
    alive "$pid" || break
    sleep 0.2
  done
  if alive "$pid"; then
    warn "$name did not stop within ${timeout}s: SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.5
  fi
  rm -f "$(pid_file "$name")"
}

# Whether something listens on 127.0.0.1:PORT.
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Who listens on PORT ("java",pid=123), when ss can tell.
port_owner() {
  command -v ss >/dev/null 2>&1 || return 0
  ss -ltnpH "sport = :$1" 2>/dev/null | sed -n 's/.*users:((\(.*\)))/\1/p' | head -n 1
}

# HTTP status of a GET (000 when nothing answers).
http_status() {
  curl -s -o /dev/null -m "${2:-5}" -w '%{http_code}' "$1" 2>/dev/null || true
}

# wait_http NAME URL TIMEOUT: waits until URL answers 200 while service NAME stays alive.
# On failure prints the tail of .run/logs/NAME.log and fails.
wait_http() {
  local name="$1" url="$2" timeout="$3" start code=000
  start=$(date +%s)
  while :; do
    code="$(http_status "$url")"
    [ "$code" = 200 ] && {
      log "$name is up ($url -> 200, $(($(date +%s) - start))s)"
      return 0
    }
    if ! service_pid "$name" >/dev/null; then
      warn "$name exited while starting (last answer from $url: $code)"
      show_log_tail "$name"
      return 1
    fi
    if (($(date +%s) - start >= timeout)); then
      warn "$name not healthy after ${timeout}s ($url last answered $code)"
      show_log_tail "$name"
      return 1
    fi
    sleep 1
  done
}

show_log_tail() {
  local f="$LOG_DIR/$1.log"
  [ -f "$f" ] || return 0
  echo "----- last ${2:-60} lines of .run/logs/$1.log -----" >&2
  tail -n "${2:-60}" "$f" >&2
  echo "----- end of .run/logs/$1.log -----" >&2
}
