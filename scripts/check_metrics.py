#!/usr/bin/env python3
"""The metrics test of issue 9, against a running stack (make run first).

Runs one rental end to end (quote, start, one billing-tick charge, stop) on station-fast, then
checks that every series the Grafana dashboard (observability/grafana/dashboards/powerbank.json)
queries is exported by the api, a worker or the Temporal dev server, and that the business series
hold sensible values (a rental started and finished, money held, charged and released, a tick lag
measured). With --prometheus URL (make observe) it also runs every dashboard query in that
Prometheus and requires an answer with data. Exit 1 on any failure.

Ports from the environment, as scripts/common.sh: API_PORT, WORKER_BASE_PORT, TEMPORAL_METRICS_PORT
(default TEMPORAL_PORT + 2000). Only the standard library.
"""
import argparse
import json
import os
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

from tokens import bearer  # scripts/tokens.py (scripts/ is this script's folder)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DASHBOARD = os.path.join(ROOT, "observability", "grafana", "dashboards", "powerbank.json")
PROMQL_WORDS = {
    "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless",
    "offset", "le",
}
FAILURES = []


def check(ok, what):
    print(("PASS  " if ok else "FAIL  ") + what, flush=True)
    if not ok:
        FAILURES.append(what)
    return ok


def http(method, url, body=None, headers=None, timeout=30):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()
    except (urllib.error.URLError, OSError) as e:
        return 0, str(e)


def one_rental(api, tick_wait):
    """quote -> start -> first tick charge -> stop on station-fast (tariff-fast: 1 RUB a second)."""
    user = "metrics-check-%s" % uuid.uuid4().hex[:8]
    auth = bearer(user)
    status, body = http("POST", api + "/api/v1/rentals/quote",
                        {"user_id": user, "station_id": "station-fast"}, auth)
    if not check(status == 200, "quote for %s (%s)" % (user, status)):
        return False
    quote_id = json.loads(body)["quote_id"]
    status, body = http("POST", api + "/api/v1/rentals/start", {"quote_id": quote_id},
                        dict(auth, **{"Idempotency-Key": str(uuid.uuid4())}), timeout=70)
    if not check(status == 200, "start (%s %s)" % (status, body[:200])):
        return False
    rental_id = json.loads(body)["rental_id"]
    deadline = time.time() + tick_wait
    charged = False
    while time.time() < deadline and not charged:
        time.sleep(2)
        status, body = http("GET", api + "/api/v1/rentals/%s/payments" % rental_id, None, auth)
        if status == 200:
            d = json.loads(body)
            rows = d if isinstance(d, list) else d.get("payments", [])
            charged = any(r.get("kind") == "CHARGE" and r.get("success") for r in rows)
    check(charged, "a billing tick charged rental %s within %ss" % (rental_id, tick_wait))
    status, body = http("POST", api + "/api/v1/rentals/stop",
                        {"rental_id": rental_id, "station_id": "station-fast"},
                        dict(auth, **{"Idempotency-Key": str(uuid.uuid4())}), timeout=70)
    return check(status == 200, "stop (%s %s)" % (status, body[:200]))


def dashboard_queries():
    with open(DASHBOARD) as f:
        dash = json.load(f)
    exprs = []
    for panel in dash["panels"]:
        for target in panel.get("targets", []):
            exprs.append(target["expr"])
    return exprs


def series_names(expr):
    """Metric names in a PromQL expression: identifiers that are not functions or keywords."""
    e = re.sub(r"\[[^\]]*\]", "", expr)               # range selectors [5m]
    e = re.sub(r"\{[^}]*\}", "", e)                   # label matchers
    e = re.sub(r"\b(by|without)\s*\([^)]*\)", "", e)  # grouping labels
    names = set()
    for m in re.finditer(r"[a-zA-Z_:][a-zA-Z0-9_:]*", e):
        rest = e[m.end():].lstrip()
        if rest.startswith("(") or m.group(0) in PROMQL_WORDS:
            continue
        names.add(m.group(0))
    return names


def scrape(url):
    """{series name: [(labels text, value)]} of one Prometheus text endpoint ({} if it is down)."""
    status, body = http("GET", url, timeout=10)
    out = {}
    if status != 200:
        return out
    for line in body.splitlines():
        if not line or line.startswith("#"):
            continue
        m = re.match(r"([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)", line)
        if m:
            out.setdefault(m.group(1), []).append((m.group(2) or "", float(m.group(3))))
    return out


def total(series, name, labels=""):
    return sum(v for l, v in series.get(name, []) if labels in l)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-rental", action="store_true", help="check only, run no rental")
    ap.add_argument("--prometheus", help="also run every dashboard query in this Prometheus")
    ap.add_argument("--tick-wait", type=int, default=int(os.environ.get("METRICS_TICK_WAIT", 90)))
    args = ap.parse_args()
    api = "http://127.0.0.1:%s" % os.environ.get("API_PORT", "8000")
    api_port = int(os.environ.get("API_PORT", "8000"))
    api_management = "http://127.0.0.1:%s" % os.environ.get(
        "API_MANAGEMENT_PORT", str(api_port + 1))
    worker_base = int(os.environ.get("WORKER_BASE_PORT", "8080"))
    temporal_metrics = os.environ.get(
        "TEMPORAL_METRICS_PORT", str(int(os.environ.get("TEMPORAL_PORT", "7233")) + 2000))

    if not args.no_rental:
        one_rental(api, args.tick_wait)
        time.sleep(2)  # the settlement's snapshot

    sources = {"api": scrape(api_management + "/actuator/prometheus"),
               "temporal": scrape("http://127.0.0.1:%s/metrics" % temporal_metrics)}
    for i in range(1, 10):
        s = scrape("http://127.0.0.1:%d/actuator/prometheus" % (worker_base + i))
        if s:
            sources["worker%d" % i] = s
    for name, s in sources.items():
        check(bool(s), "%s exports metrics (%d series names)" % (name, len(s)))
    merged = {}
    for s in sources.values():
        for k, v in s.items():
            merged.setdefault(k, []).extend(v)

    wanted = set()
    for expr in dashboard_queries():
        wanted |= series_names(expr)
    for name in sorted(wanted):
        where = [src for src, s in sources.items() if name in s]
        check(bool(where), "dashboard series %s exported (%s)" % (name, ", ".join(where) or "nowhere"))

    sensible = [
        ("powerbank_rentals_started_total", "", 1),
        ("powerbank_rentals_finished_total", "", 1),
        ("powerbank_money_held_rub_total", "", 1),
        ("powerbank_money_charged_rub_total", 'kind="charge"', 1),
        ("powerbank_money_released_rub_total", "", 1),
        ("powerbank_tick_lag_seconds_count", "", 1),
        ("powerbank_api_outcomes_total", 'code="OK",operation="start"', 1),
        ("powerbank_api_outcomes_total", 'code="OK",operation="quote"', 1),
    ]
    if not args.no_rental:
        for name, labels, at_least in sensible:
            value = total(merged, name, labels)
            check(value >= at_least, "%s%s = %g (>= %g)" % (name, labels and "{%s}" % labels, value, at_least))
        lag_max = max((v for _, v in merged.get("powerbank_tick_lag_seconds_max", [])), default=-1)
        check(0 <= lag_max < 30, "tick lag max %.3f s (0 .. 30)" % lag_max)

    if args.prometheus:
        deadline = time.time() + 90
        pending = dashboard_queries()
        while pending and time.time() < deadline:
            left = []
            for expr in pending:
                status, body = http("GET", args.prometheus + "/api/v1/query?" +
                                    urllib.parse.urlencode({"query": expr}))
                ok = status == 200 and json.loads(body)["data"]["result"]
                if not ok:
                    left.append(expr)
            pending = left
            if pending:
                time.sleep(5)
        for expr in dashboard_queries():
            check(expr not in pending, "Prometheus answers with data: %s" % expr)

    print("%d failed" % len(FAILURES))
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
