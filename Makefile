# Powerbank rental: run, test and CI entry points. The work is done by scripts/*.sh, which find a
# JDK 21+ (JAVA_HOME, or the newest under /usr/lib/jvm) and keep their state in .run/.
#
#   make run      build, start PostgreSQL + Temporal + stubs + worker + api, wait, print URLs
#   make test     every test (mvn -B test) on real PostgreSQL
#   make stop     stop what make run started
# See README.md for the rest.

SHELL := /bin/bash
.DEFAULT_GOAL := help
.PHONY: help build run restart stop test smoke chaos fuzz bench logs status fmt clean worker2 postgres temporal observe metrics-check browser-test

help: ## this list
	@grep -E '^[a-z0-9_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-9s %s\n", $$1, $$2}'

build: ## mvn -B -q -DskipTests package (JDK 21+)
	@. scripts/common.sh && ensure_java && ensure_maven && echo "JDK: $$JAVA_HOME" && mvn -B -q -ntp -Dstyle.color=never -DskipTests package

run: ## build, start everything in the background, wait until healthy, print URLs (WORKERS=N for N workers)
	@scripts/run.sh

restart: ## stop, then run
	@scripts/stop.sh
	@scripts/run.sh

worker2: ## start a second worker copy (management port 8082) beside a running stack
	@WORKERS=2 scripts/run.sh

stop: ## stop what make run started (PostgreSQL only if make started it)
	@scripts/stop.sh

test: ## all tests of all modules on real PostgreSQL
	@scripts/test.sh

smoke: ## end-to-end checks over HTTP against the running stack (make run first)
	@scripts/smoke.sh

observe: ## Prometheus (Debian's package) on 127.0.0.1:9090 scraping api, workers, Temporal (PROMETHEUS_PORT)
	@scripts/observe.sh start

metrics-check: ## one rental, then every series the Grafana dashboard queries must be exported
	@python3 scripts/check_metrics.py

browser-test: ## the demo UI in Chromium (playwright-core): quote, start, a charge, stop, receipt, operator view
	@scripts/browser-test.sh

chaos: ## fault injection against the running stack (make run first; CHAOS_ARGS='--short', '--only h,j', '--repeat 2')
	@python3 scripts/chaos.py $(CHAOS_ARGS)

bench: ## load benchmark against the running stack (make run first), writes BENCHMARKS.md; BENCH_ARGS=--short: < 5 min
	@scripts/bench.sh

fuzz: ## Schemathesis (pinned, venv in .run/) against the running api's OpenAPI: no 5xx, responses as documented
	@scripts/schemathesis.sh

logs: ## tail the service logs in .run/logs (SERVICE=api for one, LOG_LINES=N)
	@scripts/logs.sh

status: ## what runs, and whether it answers
	@scripts/status.sh

postgres: ## only provide the local PostgreSQL (role and databases included)
	@scripts/postgres.sh ensure

temporal: ## only install (if needed) and start the Temporal dev server
	@scripts/temporal.sh start

fmt: ## format the Java code (Spotless), when the build has it
	@if grep -q 'spotless-maven-plugin' pom.xml; then \
		. scripts/common.sh && ensure_java && ensure_maven && mvn -B -q -ntp spotless:apply; \
	else \
		echo "Spotless is not configured in pom.xml yet: nothing to format"; \
	fi

clean: ## mvn clean, and the logs/pids/jars of stopped services (keeps Temporal's data)
	@. scripts/common.sh && for f in .run/pids/*.pid; do \
		[ -e "$$f" ] || continue; \
		if service_pid "$$(basename "$$f" .pid)" >/dev/null; then die "services are running: make stop first"; fi; \
		rm -f "$$f"; \
	done
	@. scripts/common.sh && ensure_java && ensure_maven && mvn -B -q -ntp clean
	@rm -rf .run/logs .run/jars
