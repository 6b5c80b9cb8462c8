#!/usr/bin/env bash
# End-to-end smoke over HTTP against a running stack (make run first): quote, start, status,
# idempotent repeats, stop, payments, error answers, debt of a user whose charges are declined,
# and a buyout. Prints PASS/FAIL per check and ends with "N passed, M failed"; exits 1 on any
# failure. Every wait is bounded. Takes about a minute (the billing tick is 30 s).
#
#   API_URL    default http://127.0.0.1:8000 (or API_PORT)
#   STUBS_URL  default http://127.0.0.1:3629 (or STUBS_PORT)
#   AUTH_ISSUER_URI  the identity provider (default STUBS_URL); AUTH_USER_SECRET its demo users' secret
#
# Every call to /api/v1/rentals carries a bearer token of the user it acts for (issue 11): the user
# of the quote or rental id it names, else the user of the last quote.
set -uo pipefail

API="${API_URL:-http://127.0.0.1:${API_PORT:-8000}}"
STUBS="${STUBS_URL:-http://127.0.0.1:${STUBS_PORT:-3629}}"
ISSUER="${AUTH_ISSUER_URI:-$STUBS}"
USER_SECRET="${AUTH_USER_SECRET:-demo-secret}"
TICK_WAIT="${SMOKE_TICK_WAIT:-90}" # seconds to wait for something a billing tick does
PASSED=0
FAILED=0
TMP="$(mktemp -d)"
RUN_ID="$(date +%s)-$RANDOM"
# The interpreter itself, not a version manager's shim: it runs for every check.
PY="$(python3 -c 'import sys; print(sys.executable)')" || {
  echo "python3 is required"
  exit 1
}

cleanup() {
  # Never leave R_BUYOUT=10 or injected faults behind.
  curl -s -o /dev/null -m 10 -X POST "$STUBS/admin/reset" || true
  rm -rf "$TMP"
}
trap cleanup EXIT

ts() { date +%H:%M:%S; }
section() { printf '\n[%s] == %s\n' "$(ts)" "$*"; }
pass() {
  PASSED=$((PASSED + 1))
  printf '[%s] PASS  %s\n' "$(ts)" "$1"
}
fail() {
  FAILED=$((FAILED + 1))
  printf '[%s] FAIL  %s\n' "$(ts)" "$1"
  [ -n "${2:-}" ] && printf '        %s\n' "$2"
  return 0
}

uuid() { cat /proc/sys/kernel/random/uuid; }

# token_for USER: an access token of USER from the identity provider (client credentials, client
# id = user id), cached for the run; empty when the provider gives none.
token_for() {
  local file="$TMP/token-$1"
  if [ ! -s "$file" ]; then
    curl -s -m 10 -u "$1:$USER_SECRET" -d grant_type=client_credentials "$ISSUER/oauth2/token" |
      "$PY" -c 'import json,sys; print(json.load(sys.stdin).get("access_token",""))' >"$file" 2>/dev/null
  fi
  cat "$file"
}

declare -A OWNER=() # quote or rental id -> its user
AS_USER=""          # the user of the last quote
NO_TOKEN=""         # set to send the next request without a token

# acting_user TEXT: the owner of the first known id in TEXT, else the user of the last quote.
acting_user() {
  local id
  for id in "${!OWNER[@]}"; do
    if [[ "$1" == *"$id"* ]]; then
      echo "${OWNER[$id]}"
      return
    fi
  done
  echo "$AS_USER"
}

# req METHOD URL [BODY] [HEADER...]: sets CODE (000 when nothing answered) and BODY.
req() {
  local method="$1" url="$2" body="${3:-}"
  shift 3 2>/dev/null || shift $#
  local args=(-s -m 30 -X "$method" -o "$TMP/body" -w '%{http_code}' -H 'Accept: application/json')
  local h user
  for h in "$@"; do args+=(-H "$h"); done
  if [[ "$url" == "$API/api/v1/rentals"* && -z "$NO_TOKEN" && "$*" != *Authorization:* ]]; then
    user="$(acting_user "$url $body")"
    [ -n "$user" ] && args+=(-H "Authorization: Bearer $(token_for "$user")")
  fi
  NO_TOKEN=""
  if [ -n "$body" ]; then
    args+=(-H 'Content-Type: application/json' --data-binary "$body")
  fi
  CODE="$(curl "${args[@]}" "$url" 2>/dev/null)" || true
  [ -n "$CODE" ] || CODE=000
  BODY="$(cat "$TMP/body" 2>/dev/null || true)"
}

# jq_py EXPR [JSON]: evaluates a Python expression over d = the JSON (BODY by default) and prints
# the result (strings raw, others as JSON); prints nothing and fails when it cannot.
# ledger(d) is the list of payment entries, whether d is that list or {"payments": [...]}.
# paid(d) sums the successful entries that moved money to us (all but HOLD and RELEASE).
jq_py() {
  "$PY" -c '
import json, sys
def ledger(d):
    return d if isinstance(d, list) else d.get("payments") if isinstance(d, dict) else None
def paid(d):
    return sum(p.get("amount") or 0 for p in ledger(d)
               if p.get("success") and str(p.get("kind")).upper() not in ("HOLD", "RELEASE"))
try:
    d = json.loads(sys.argv[2])
    v = eval(sys.argv[1], {"d": d, "ledger": ledger, "paid": paid})
except Exception:
    sys.exit(1)
print(v if isinstance(v, str) else json.dumps(v))
' "$1" "${2-$BODY}" 2>/dev/null
}

# expect NAME CODE [PYTHON-CONDITION...]: the last answer had status CODE and each condition on d
# (its JSON) holds.
expect() {
  local name="$1" code="$2" cond
  shift 2
  if [ "$CODE" != "$code" ]; then
    fail "$name" "expected HTTP $code, got $CODE: ${BODY:0:400}"
    return 1
  fi
  for cond in "$@"; do
    if [ "$(jq_py "bool($cond)")" != true ]; then
      fail "$name" "HTTP $CODE but not ($cond): ${BODY:0:400}"
      return 1
    fi
  done
  pass "$name"
}

# An error answer: status CODE and the JSON error shape {"error","code"} of SPEC §4.
expect_error() {
  local name="$1" code="$2"
  shift 2
  expect "$name" "$code" "isinstance(d, dict) and d.get('error') and d.get('code')" "$@"
}

# poll NAME URL TIMEOUT PYTHON-CONDITION: GETs URL every 2 s until it answers 200 and the condition
# holds; BODY is the last answer. Fails after TIMEOUT seconds.
poll() {
  local name="$1" url="$2" timeout="$3" cond="$4" start
  start=$(date +%s)
  while :; do
    req GET "$url"
    if [ "$CODE" = 200 ] && [ "$(jq_py "bool($cond)")" = true ]; then
      pass "$name ($(($(date +%s) - start))s)"
      return 0
    fi
    if (($(date +%s) - start >= timeout)); then
      fail "$name" "not within ${timeout}s; last answer HTTP $CODE: ${BODY:0:400}"
      return 1
    fi
    sleep 2
  done
}

quote() {
  AS_USER="$1"
  req POST "$API/api/v1/rentals/quote" "{\"user_id\":\"$1\",\"station_id\":\"$2\"}"
  local id
  id="$(jq_py "d['quote_id']")" && OWNER[$id]="$1"
  return 0
}
start_rental() {
  local owner
  owner="$(acting_user "$2")"
  req POST "$API/api/v1/rentals/start" "{\"quote_id\":\"$2\"}" "Idempotency-Key: $1"
  local id
  id="$(jq_py "d['rental_id']")" && OWNER[$id]="$owner"
  return 0
}
stop_rental() {
  req POST "$API/api/v1/rentals/stop" "{\"rental_id\":\"$2\",\"station_id\":\"$3\"}" "Idempotency-Key: $1"
}

finish() {
  echo
  echo "$PASSED passed, $FAILED failed"
  [ "$FAILED" -eq 0 ]
  exit $?
}

# ------------------------------------------------------------------------------------------------
section "preflight: $API and $STUBS"
start=$(date +%s)
until [ "$(curl -s -o /dev/null -m 5 -w '%{http_code}' "$API/api/v1/health")" = 200 ] ||
  (($(date +%s) - start >= 60)); do sleep 2; done
req GET "$API/api/v1/health"
expect "api health is 200 with database and temporal connected" 200 \
  "d['database'] == 'connected'" "d['temporal'] == 'connected'" || finish
req GET "$STUBS/configs"
expect "stubs answer GET /configs" 200 "'R_BUYOUT' in d" || finish
req POST "$STUBS/admin/reset" ""
[[ "$CODE" == 2* ]] && pass "stubs POST /admin/reset" || fail "stubs POST /admin/reset" "HTTP $CODE: ${BODY:0:300}"

# ------------------------------------------------------------------------------------------------
section "quote -> start -> status -> stop (station-1, tariff 60/h, 5 free minutes, deposit 500)"
user="smoke-user-$RUN_ID"
quote "$user" station-1
expect "quote" 200 "d['quote_id']" "d['user_id'] == '$user'" "d['station_id'] == 'station-1'" \
  "d['price_per_hour'] == 60" "d['free_period_min'] == 5" "d['deposit'] == 500" "d['currency'] == 'RUB'"
quote_id="$(jq_py "d['quote_id']")"

start_key="$(uuid)"
start_rental "$start_key" "$quote_id"
expect "start: ACTIVE with a powerbank" 200 "d['status'] == 'ACTIVE'" "d['powerbank_id']" \
  "d['rental_id']" "d['started_at']" "d['total_amount'] == 0"
rental_id="$(jq_py "d['rental_id']")"
powerbank_id="$(jq_py "d['powerbank_id']")"

req GET "$API/api/v1/rentals/$rental_id"
expect "status: ACTIVE, same powerbank" 200 "d['rental_id'] == '$rental_id'" "d['status'] == 'ACTIVE'" \
  "d['powerbank_id'] == '$powerbank_id'" "d['paid_amount'] == 0" "d['current_debt'] == 0"

start_rental "$start_key" "$quote_id"
expect "repeated start (same key, same body): same rental" 200 "d['rental_id'] == '$rental_id'" \
  "d['powerbank_id'] == '$powerbank_id'" "d['status'] == 'ACTIVE'"

quote "$user" station-1
other_quote="$(jq_py "d['quote_id']")"
if [ "$CODE" = 200 ] && [ -n "$other_quote" ]; then
  start_rental "$start_key" "$other_quote"
  expect_error "same key, different quote: 422" 422
else
  fail "second quote for the same user" "HTTP $CODE: ${BODY:0:300}"
fi

req GET "$API/api/v1/rentals/$rental_id/payments"
expect "payments: the ledger lists the deposit hold" 200 "isinstance(ledger(d), list)" \
  "any(str(p.get('kind')).upper() == 'HOLD' and p.get('success') for p in ledger(d))"

stop_key="$(uuid)"
stop_rental "$stop_key" "$rental_id" station-2
expect "stop at station-2: FINISHED, nothing due inside the free period" 200 \
  "d['rental_id'] == '$rental_id'" "d['status'] == 'FINISHED'" "d['finished_at']" \
  "d['total_amount'] == 0" "d['current_debt'] == 0" "d['duration_minutes'] == 0"
first_stop="$BODY"

stop_rental "$stop_key" "$rental_id" station-2
expect "repeated stop: the same receipt" 200 "d == $(jq_py 'repr(d)' "$first_stop" || echo None)"

req GET "$API/api/v1/rentals/$rental_id"
expect "status after stop: FINISHED" 200 "d['status'] == 'FINISHED'" "d['finished_at']" "d['total_amount'] == 0"

start_rental "$start_key" "$quote_id"
expect "start repeated after the rental finished: same rental" 200 "d['rental_id'] == '$rental_id'"

# ------------------------------------------------------------------------------------------------
section "error answers"
req POST "$API/api/v1/rentals/start" "{\"quote_id\":\"$other_quote\"}"
expect_error "start without Idempotency-Key: 400" 400
start_rental "not-a-uuid" "$other_quote"
expect_error "start with a non-UUID Idempotency-Key: 400" 400
start_rental "$(uuid)" "$(uuid)"
expect_error "start with an unknown quote: 404" 404
req GET "$API/api/v1/rentals/$(uuid)"
expect_error "status of an unknown rental: 404" 404
stop_rental "$(uuid)" "$(uuid)" station-1
expect_error "stop of an unknown rental: 404" 404

section "sign-in and ownership (bearer tokens from $ISSUER)"
if [ -z "$(token_for "$user")" ]; then
  fail "a token from the identity provider" "no access_token from $ISSUER/oauth2/token"
fi
NO_TOKEN=1
quote "$user" station-1
expect_error "quote without a token: 401 UNAUTHORIZED" 401 "d['code'] == 'UNAUTHORIZED'"
req GET "$API/api/v1/rentals/$rental_id" "" "Authorization: Bearer not-a-token"
expect_error "a malformed token: 401" 401 "d['code'] == 'UNAUTHORIZED'"
req GET "$API/api/v1/rentals/$rental_id" "" "Authorization: Bearer $(token_for "intruder-$RUN_ID")"
expect_error "another user's rental: 404 RENTAL_NOT_FOUND" 404 "d['code'] == 'RENTAL_NOT_FOUND'"
req POST "$API/api/v1/rentals/quote" "{\"user_id\":\"$user\",\"station_id\":\"station-1\"}" \
  "Authorization: Bearer $(token_for "intruder-$RUN_ID")"
expect_error "a quote in another user's name: 403 USER_MISMATCH" 403 "d['code'] == 'USER_MISMATCH'"
quote "$user" "no-such-station-$RUN_ID"
expect_error "quote at an unknown station: 404" 404
quote "$user" empty-station-id
expect_error "quote at an empty station: 409 NO_POWERBANKS" 409 "d['code'] == 'NO_POWERBANKS'"
req POST "$API/api/v1/rentals/quote" '{"user_id": '
expect_error "quote with malformed JSON: 400" 400
req POST "$API/api/v1/rentals/quote" '{}'
expect_error "quote without user_id and station_id: 400" 400

# ------------------------------------------------------------------------------------------------
section "debt: poor-* user (every charge declined) on station-fast (3600/h, no free minutes, deposit 100)"
poor="poor-smoke-$RUN_ID"
quote "$poor" station-fast
expect "quote at station-fast" 200 "d['price_per_hour'] == 3600" "d['free_period_min'] == 0" "d['deposit'] == 100"
poor_quote="$(jq_py "d['quote_id']")"
start_rental "$(uuid)" "$poor_quote"
expect "start for the poor user (the hold succeeds)" 200 "d['status'] == 'ACTIVE'" "d['powerbank_id']"
poor_rental="$(jq_py "d['rental_id']")"

# Started now so that its first tick falls while the debt checks run.
section "buyout: R_BUYOUT=10 on the stubs, a normal user on station-fast"
req PUT "$STUBS/admin/configs" '{"R_BUYOUT":10}'
[[ "$CODE" == 2* ]] && pass "stubs PUT /admin/configs {\"R_BUYOUT\":10}" || fail "stubs PUT /admin/configs" "HTTP $CODE: ${BODY:0:300}"
buyer="smoke-buyout-$RUN_ID"
quote "$buyer" station-fast
expect "quote for the buyout user" 200 "d['quote_id']"
start_rental "$(uuid)" "$(jq_py "d['quote_id']")"
expect "start for the buyout user" 200 "d['status'] == 'ACTIVE'"
buyout_rental="$(jq_py "d['rental_id']")"

section "debt checks"
if [ -n "$poor_rental" ]; then
  poll "poor user: debt after the first billing tick, nothing paid" "$API/api/v1/rentals/$poor_rental" \
    "$TICK_WAIT" "d['current_debt'] > 0 and d['paid_amount'] == 0 and d['status'] == 'ACTIVE'"
  quote "$poor" station-1
  expect_error "quote while the user has debt: 409 USER_HAS_DEBT" 409 "d['code'] == 'USER_HAS_DEBT'"
  stop_rental "$(uuid)" "$poor_rental" station-fast
  expect "stop for the poor user: FINISHED" 200 "d['status'] == 'FINISHED'" "d['total_amount'] > 0"
  # Settlement: debt is captured from the deposit hold (up to the deposit, 100), the rest released.
  poll "poor user settled: debt captured from the deposit hold up to 100" "$API/api/v1/rentals/$poor_rental" 30 \
    "d['status'] == 'FINISHED' and d['current_debt'] == max(0, d['total_amount'] - 100) and d['paid_amount'] == min(d['total_amount'], 100)"
  poor_paid="$(jq_py "d['paid_amount']")"
  if [ "$CODE" = 200 ] && [ "$(jq_py "d['current_debt']")" = 0 ]; then
    quote "$poor" station-1
    expect "quote again once the debt was captured from the deposit" 200 "d['quote_id']"
  fi
  req GET "$API/api/v1/rentals/$poor_rental/payments"
  expect "poor user's ledger: hold, declined charge(s), capture from the hold; sums to paid_amount" 200 \
    "isinstance(ledger(d), list) and len(ledger(d)) >= 3" \
    "any(p.get('success') is False for p in ledger(d))" \
    "any('CAPTURE' in str(p.get('kind')).upper() and p.get('success') for p in ledger(d))" \
    "paid(d) == ${poor_paid:-None}"
fi

section "buyout checks"
if [ -n "$buyout_rental" ]; then
  poll "buyout user: status BUYOUT once paid reaches R_BUYOUT" "$API/api/v1/rentals/$buyout_rental" \
    "$TICK_WAIT" "d['status'] == 'BUYOUT'"
  expect "buyout: total_amount is exactly R_BUYOUT (10)" 200 "d['total_amount'] == 10"
  req GET "$API/api/v1/rentals/$buyout_rental/payments"
  expect "buyout ledger: successful payments sum to 10" 200 "paid(d) == 10"
  stop_rental "$(uuid)" "$buyout_rental" station-1
  expect_error "stop after a buyout: 409" 409
fi

req POST "$STUBS/admin/reset" ""
[[ "$CODE" == 2* ]] && pass "stubs POST /admin/reset (configs back to defaults)" || fail "stubs POST /admin/reset" "HTTP $CODE"

finish
