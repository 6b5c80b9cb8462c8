#!/usr/bin/env bash
# make test: every test of every module (mvn -B test) on real PostgreSQL; Temporal tests use the
# SDK's time-skipping test environment, so no Temporal server is needed here.
#   TEST_DATABASE_URL  default jdbc:postgresql://127.0.0.1:5432/powerbank_test
#   DATABASE_URL       if set, no local PostgreSQL: tests use database powerbank_test on its host,
#                      with its user and password (TEST_DATABASE_USER/PASSWORD)
#   MVN_ARGS           extra Maven arguments, e.g. MVN_ARGS='-pl workflows' or '-Dtest=BillingTest'
#   TEST_FORK_TIMEOUT  seconds a module's test JVM may run before Surefire kills it (default 1200),
#                      so that a hung test fails the run instead of eating CI's 90 minutes
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

ensure_java
ensure_maven
log "JDK: $JAVA_HOME"
"$ROOT/scripts/postgres.sh" ensure

if [ -n "${DATABASE_URL:-}" ] && [ -z "${TEST_DATABASE_URL:-}" ]; then
  database_url_to_spring
  host="$DB_HOST"
  [[ "$host" == *:* ]] && host="[$host]"
  export TEST_DATABASE_URL="jdbc:postgresql://$host:$DB_PORT/powerbank_test"
  export TEST_DATABASE_USER="${TEST_DATABASE_USER:-$SPRING_DATASOURCE_USERNAME}"
  export TEST_DATABASE_PASSWORD="${TEST_DATABASE_PASSWORD:-$SPRING_DATASOURCE_PASSWORD}"
fi
# Tests must never pick the app's database up from the environment: Spring's relaxed binding
# would let these override the tests' own spring.datasource.* (which read TEST_DATABASE_*).
unset SPRING_DATASOURCE_URL SPRING_DATASOURCE_USERNAME SPRING_DATASOURCE_PASSWORD
export TEST_DATABASE_URL="${TEST_DATABASE_URL:-jdbc:postgresql://127.0.0.1:5432/powerbank_test}"
log "tests use $TEST_DATABASE_URL"

# shellcheck disable=SC2086 # MVN_ARGS is a list of arguments
rc=0
mvn -B -ntp -Dstyle.color=never -Dsurefire.timeout="${TEST_FORK_TIMEOUT:-1200}" ${MVN_ARGS:-} test || rc=$?

# Formatting is checked too once the build has Spotless (google-java-format); after the tests, so that a
# badly formatted file does not hide their results.
if grep -q 'spotless-maven-plugin' pom.xml; then
  log "checking the format: mvn spotless:check"
  # shellcheck disable=SC2086
  if ! mvn -B -q -ntp -Dstyle.color=never ${MVN_ARGS:-} spotless:check; then
    warn "format violations: run 'make fmt' and commit the result"
    rc=1
  fi
fi
exit "$rc"
