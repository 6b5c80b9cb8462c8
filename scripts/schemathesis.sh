#!/usr/bin/env bash
# API fuzzing against a running stack (make run first): Schemathesis, pinned, from PyPI into a venv
# under .run/, generates requests from the api's OpenAPI document and fails on any 5xx
# (not_a_server_error) or any response that does not match the documented schema
# (response_schema_conformance). Bounded: SCHEMATHESIS_MAX_EXAMPLES per operation (default 30)
# and SCHEMATHESIS_TIMEOUT seconds in all (default 600).
#
#   API_URL / API_PORT             the api (default http://127.0.0.1:8000)
#   SCHEMATHESIS_VERSION           default 4.32.5
#   SCHEMATHESIS_ARGS              extra options for 'st run' (e.g. --seed 1)
# Reports (JUnit XML) in .run/logs/schemathesis/.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

API="${API_URL:-http://127.0.0.1:$API_PORT}"
VERSION="${SCHEMATHESIS_VERSION:-4.32.5}"
MAX_EXAMPLES="${SCHEMATHESIS_MAX_EXAMPLES:-30}"
TIMEOUT="${SCHEMATHESIS_TIMEOUT:-600}"
VENV="$RUN_DIR/venv-schemathesis"
REPORT_DIR="$LOG_DIR/schemathesis"

if [ ! -x "$VENV/bin/pip" ]; then
  if ! python3 -c 'import ensurepip' >/dev/null 2>&1; then
    log "python3 has no venv support: installing python3-venv"
    apt_install python3-venv
  fi
  rm -rf "$VENV"
  python3 -m venv "$VENV" || die "python3 -m venv $VENV failed"
fi
if [ "$("$VENV/bin/st" --version 2>/dev/null | awk '{print $NF}')" != "$VERSION" ]; then
  log "installing schemathesis==$VERSION into $VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check "schemathesis==$VERSION" || die "pip install schemathesis==$VERSION failed"
fi

code="$(http_status "$API/v3/api-docs" 10)"
[ "$code" = 200 ] || die "$API/v3/api-docs answered $code: make run first"

# Calls go with a bearer token of one fuzz user (issue 11); without it every rentals call is a 401.
ISSUER="${AUTH_ISSUER_URI:-${STUBS_URL:-http://127.0.0.1:$STUBS_PORT}}"
TOKEN="$(curl -s -m 10 -u "schemathesis-user:${AUTH_USER_SECRET:-demo-secret}" -d grant_type=client_credentials \
  "$ISSUER/oauth2/token" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')" ||
  die "no token from $ISSUER/oauth2/token"

mkdir -p "$REPORT_DIR"
log "schemathesis $VERSION against $API/v3/api-docs: at most $MAX_EXAMPLES examples per operation, ${TIMEOUT}s in all"
rc=0
cd "$RUN_DIR" # st keeps its crash cache in ./.schemathesis: under .run/, not in the checkout
# shellcheck disable=SC2086 # SCHEMATHESIS_ARGS is a list of options
timeout --kill-after=10 "$TIMEOUT" "$VENV/bin/st" --no-color run "$API/v3/api-docs" \
  --url "$API" \
  --checks not_a_server_error,response_schema_conformance \
  --max-examples "$MAX_EXAMPLES" \
  --header "Authorization: Bearer $TOKEN" \
  --request-timeout 30 \
  --report junit --report-dir "$REPORT_DIR" \
  ${SCHEMATHESIS_ARGS:-} || rc=$?
if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
  warn "schemathesis did not finish within ${TIMEOUT}s"
fi
[ "$rc" -eq 0 ] && log "schemathesis: no 5xx, every response matches the documented schema" ||
  log "schemathesis FAILED (exit $rc); JUnit report in .run/logs/schemathesis/"
exit "$rc"
