#!/usr/bin/env python3
"""make chaos: fault injection against a running stack (make run, with two worker copies).

Each scenario sets BILLING_TICK_SEC=5 on the stubs, starts a load of rentals on station-fast (3600/h,
no free minutes: one unit a second, deposit 100), injects one fault, waits (bounded), stops every
active rental at station-1, waits until each is settled (bounded), and checks every rental:

  ledger     stubs charged_by_order == successful CHARGE, FINAL_CHARGE, DEBT_COLLECTION, CAPTURE
             payment_attempts == the API's paid_amount
  sums       paid_amount + current_debt == total_amount (+-1); a stopped rental's total is one unit
             per second of its duration and it finished within 3 s of the stop request; a user who
             can pay ends without debt; a poor- user's debt was captured from the deposit
  duplicates no idempotency key charged (or held) twice in the stubs' ledger
  stuck      nothing PENDING, billing goes on after the fault, every rental settles, nothing is
             left on hold once it did

Scenarios (--only a,d):
  a  kill -9 of the worker copy running most rentals while its charges are in flight; the other
     copy keeps going; restart it; the same again while the stops' final charges are in flight
  b  restart of the Temporal dev server mid-rental (its SQLite file keeps the state)
  c  restart of PostgreSQL mid-rental (scripts/postgres.sh restart: the whole local cluster)
  d  payments answer 503 for 60 s (d-503), then, on a new load, answer after 2 s (d-slow)
  e  eject failing after the hold: 409 EJECT_FAILED, rental FAILED, hold released
  f  200 concurrent starts over 20 idempotency keys; concurrent repeated stops
  g  a stop arriving while a charge activity runs (charges slowed to 1 s)

  python3 scripts/chaos.py [--only a,b,...] [--short]

--short: smaller loads and shorter faults, all scenarios in under 10 minutes (CI).
Ports as make run: API_PORT (8000), STUBS_PORT (3629), WORKER_BASE_PORT (8080), TEMPORAL_PORT
(7233), or API_URL / STUBS_URL. WORKERS (default 2) worker copies are expected; missing ones are
started with SKIP_BUILD=1 scripts/run.sh. Every wait is bounded. Prints a table, then
"N passed, M failed" as the last line; exits 1 on any failure.
"""

import argparse
import hashlib
import http.client
import json
import os
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from datetime import datetime, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RUN_DIR = os.path.join(ROOT, ".run")
API = os.environ.get("API_URL") or "http://127.0.0.1:%s" % os.environ.get("API_PORT", "8000")
STUBS = os.environ.get("STUBS_URL") or "http://127.0.0.1:%s" % os.environ.get("STUBS_PORT", "3629")
WORKER_BASE_PORT = int(os.environ.get("WORKER_BASE_PORT", "8080"))
WORKERS = max(2, int(os.environ.get("WORKERS", "2") or 2))

STATION = "station-fast"  # 3600/h, 0 free minutes, deposit 100
RETURN_STATION = "station-1"
DEPOSIT = 100
TICK_SEC = 5
ENDED = ("FINISHED", "BUYOUT", "FAILED")
MONEY_KINDS = ("CHARGE", "FINAL_CHARGE", "DEBT_COLLECTION", "CAPTURE")
CLEAR = "clear-money-for-order"

# Sizes per mode. *_sec: fault lengths; *_timeout: bounds of the waits.
MODES = {
    "full": dict(normal=8, poor=3, d503_sec=60, dslow_sec=40, temporal_down_sec=20, f_keys=20,
                 f_per_key=10, e_starts=5, run_sec=10, settle_timeout=180, progress_timeout=60),
    "short": dict(normal=4, poor=2, d503_sec=30, dslow_sec=20, temporal_down_sec=8, f_keys=20,
                  f_per_key=10, e_starts=3, run_sec=5, settle_timeout=120, progress_timeout=45),
}

LOCK = threading.Lock()


def log(msg):
    with LOCK:
        print("[%s] %s" % (time.strftime("%H:%M:%S"), msg), flush=True)


# ---- HTTP -----------------------------------------------------------------------------------


def call(method, url, body=None, headers=None, timeout=15):
    """One HTTP call: (status, parsed JSON or text). Status 0 when nothing (or no full answer) came."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method)
    req.add_header("Accept", "application/json")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    for k, v in (headers or {}).items():
        req.add_header(k, v)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, _parse(resp.read())
    except urllib.error.HTTPError as e:
        try:
            return e.code, _parse(e.read())
        except (OSError, http.client.HTTPException):
            return e.code, None
    except (OSError, http.client.HTTPException, ValueError) as e:
        return 0, "%s: %s" % (type(e).__name__, e)


def _parse(raw):
    try:
        return json.loads(raw.decode() or "null")
    except ValueError:
        return raw.decode(errors="replace")


def short(body, n=200):
    s = body if isinstance(body, str) else json.dumps(body)
    return s if len(s) <= n else s[:n] + "..."


def stubs(method, path, body=None, timeout=15):
    return call(method, STUBS + path, body, timeout=timeout)


def set_fault(endpoint, **fault):
    code, body = stubs("POST", "/admin/faults", dict(endpoint=endpoint, **fault))
    log("  fault %s %s -> %s" % (endpoint, json.dumps(fault), code))
    if code != 200:
        raise ScenarioError("POST /admin/faults answered %s: %s" % (code, short(body)))


def clear_faults():
    stubs("DELETE", "/admin/faults")


def stubs_state(order_id=None):
    code, body = stubs("GET", "/admin/state" + ("?order_id=" + order_id if order_id else ""))
    return body if code == 200 and isinstance(body, dict) else None


def inventory(station):
    st = stubs_state()
    try:
        return st["stations"][station]["available_powerbanks"]
    except (TypeError, KeyError):
        return None


# ---- helpers --------------------------------------------------------------------------------


class ScenarioError(Exception):
    """The scenario could not be carried out as designed (counted as a failure)."""


def wait_for(check, timeout, interval=1.0):
    """Calls check() until it returns something truthy (returned) or timeout seconds pass (None).
    Bounded in time and in the number of calls."""
    deadline = time.monotonic() + timeout
    for _ in range(int(timeout / interval) + 2):
        value = check()
        if value:
            return value
        if time.monotonic() >= deadline:
            return None
        time.sleep(min(interval, max(0.0, deadline - time.monotonic())))
    return None


def sleep_logged(seconds, what):
    log("  %s: waiting %ds" % (what, seconds))
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        time.sleep(min(10.0, end - time.monotonic()))
        left = end - time.monotonic()
        if left > 1:
            log("    ... %ds left" % left)


def parallel(fn, items, timeout):
    """Runs fn(item) for all items in threads at once; results in order (an exception or None for a
    thread that failed or outlived timeout)."""
    results = [None] * len(items)

    def run(i, item):
        try:
            results[i] = fn(item)
        except Exception as e:  # reported, never lost
            results[i] = e

    threads = [threading.Thread(target=run, args=(i, x), daemon=True) for i, x in enumerate(items)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + timeout
    for t in threads:
        t.join(max(0.0, deadline - time.monotonic()))
    return results


def parse_ts(s):
    """ISO-8601 instant (any number of fraction digits, Z or offset) -> epoch seconds."""
    if not s:
        return None
    m = re.match(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)?$", s)
    if not m:
        return None
    base = datetime.fromisoformat(m.group(1) + ((m.group(3) or "Z").replace("Z", "+00:00")))
    frac = float("0." + m.group(2)) if m.group(2) else 0.0
    return base.replace(tzinfo=base.tzinfo or timezone.utc).timestamp() + frac


def rental_id_of(user, key):
    """The API's rental id: the name-based (v3) UUID of 'rental:<user>:<key>' (RentalIds)."""
    h = bytearray(hashlib.md5(("rental:%s:%s" % (user, key.lower())).encode()).digest())
    h[6] = (h[6] & 0x0F) | 0x30
    h[8] = (h[8] & 0x3F) | 0x80
    return str(uuid.UUID(bytes=bytes(h)))


def run_script(args, timeout, extra_env=None):
    """Runs one of scripts/*.sh with this environment (the ports included); bounded."""
    env = dict(os.environ)
    env.update(extra_env or {})
    log("  $ %s%s" % ("".join("%s=%s " % kv for kv in (extra_env or {}).items()), " ".join(args)))
    start = time.monotonic()
    try:
        p = subprocess.run(args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=timeout, text=True)
    except subprocess.TimeoutExpired as e:
        out = e.stdout if isinstance(e.stdout, str) else (e.stdout or b"").decode(errors="replace")
        for line in out.splitlines()[-15:]:
            log("    | " + line)
        raise ScenarioError("%s did not finish within %ds" % (" ".join(args), timeout))
    lines = p.stdout.splitlines()
    for line in lines[-6:] if p.returncode == 0 else lines[-30:]:
        log("    | " + line)
    log("  -> exit %d after %.0fs" % (p.returncode, time.monotonic() - start))
    return p.returncode


def pid_of(name):
    """The live pid of service NAME from .run/pids/NAME.pid (its command line must match)."""
    try:
        with open(os.path.join(RUN_DIR, "pids", name + ".pid")) as f:
            lines = f.read().splitlines()
        pid = int(lines[0])
        pattern = lines[1] if len(lines) > 1 else ""
        with open("/proc/%d/cmdline" % pid, "rb") as f:
            cmdline = f.read().replace(b"\0", b" ").decode(errors="replace")
        with open("/proc/%d/stat" % pid) as f:
            if f.read().split(")")[-1].split()[0] == "Z":
                return None
        return pid if pattern in cmdline else None
    except (OSError, ValueError, IndexError):
        return None


def worker_name(i):
    return "worker" if i == 1 else "worker%d" % i


def healthy_workers():
    up = []
    for i in range(1, WORKERS + 1):
        code, _ = call("GET", "http://127.0.0.1:%d/actuator/health" % (WORKER_BASE_PORT + i), timeout=5)
        if code == 200 and pid_of(worker_name(i)):
            up.append(worker_name(i))
    return up


def api_health():
    code, body = call("GET", API + "/api/v1/health", timeout=10)
    ok = code == 200 and isinstance(body, dict) and body.get("database") == "connected" \
        and body.get("temporal") == "connected"
    return ok, code, body


def wait_api_healthy(timeout):
    if wait_for(lambda: api_health()[0], timeout, 2):
        return True
    _, code, body = api_health()
    raise ScenarioError("api not healthy within %ds: %s %s" % (timeout, code, short(body)))


# ---- rentals --------------------------------------------------------------------------------


class Rental:
    def __init__(self, user, poor=False):
        self.user = user
        self.poor = poor
        self.key = str(uuid.uuid4())
        self.stop_key = str(uuid.uuid4())
        self.id = rental_id_of(user, self.key)
        self.quote_id = None
        self.start_code = None
        self.start_body = None
        self.powerbank_id = None
        self.started_at = None
        self.stop_code = None
        self.receipt = None
        self.stop_sent_at = None
        self.view = None
        self.payments = None
        self.ledger = None

    def __repr__(self):
        return "%s (%s)" % (self.id[:8], self.user)


def get_view(r):
    code, body = call("GET", "%s/api/v1/rentals/%s" % (API, r.id), timeout=15)
    if code == 200 and isinstance(body, dict):
        r.view = body
        return body
    return None


def quote(user, station=STATION):
    body = None
    for _ in range(5):
        code, body = call("POST", API + "/api/v1/rentals/quote",
                          {"user_id": user, "station_id": station}, timeout=30)
        if code == 200 and isinstance(body, dict):
            return body
        if code not in (0, 500, 502, 503, 504):
            break
        time.sleep(2)
    raise ScenarioError("quote for %s: %s" % (user, short(body)))


def start_rental(r, retry_unavailable=True):
    """POST /start with the rental's key; a 503 or no answer is repeated with the same key."""
    deadline = time.monotonic() + 180
    for _ in range(6):
        code, body = call("POST", API + "/api/v1/rentals/start", {"quote_id": r.quote_id},
                          {"Idempotency-Key": r.key}, timeout=75)
        r.start_code, r.start_body = code, body
        if code == 200 and isinstance(body, dict):
            r.id = body.get("rental_id") or r.id
            r.powerbank_id = body.get("powerbank_id")
            r.started_at = parse_ts(body.get("started_at"))
            return code
        if not retry_unavailable or code not in (0, 503) or time.monotonic() > deadline:
            return code
        time.sleep(2)
    return r.start_code


def start_load(rentals, row):
    """Quotes and starts every rental at once; the ones not started are reported as lost."""
    log("  starting %d rentals on %s (%d poor-)" % (len(rentals), STATION,
                                                     sum(1 for r in rentals if r.poor)))

    def one(r):
        r.quote_id = quote(r.user)["quote_id"]
        return start_rental(r)

    results = parallel(one, rentals, 240)
    for r, res in zip(rentals, results):
        if r.start_code != 200:
            row.problem("lost", r, "start answered %s: %s%s" % (
                r.start_code, short(r.start_body), "" if not isinstance(res, Exception) else " (%s)" % res))
    active = [r for r in rentals if r.start_code == 200]
    log("  %d/%d started" % (len(active), len(rentals)))
    return active


def drain(pending, done):
    """Removes from pending what is done; True when nothing is left."""
    for r in list(pending):
        if done(r):
            pending.remove(r)
    return not pending


def billing(v):
    """What the ticks have billed so far: paid + debt (total_amount also counts the time since the
    last tick)."""
    return (v.get("paid_amount") or 0) + (v.get("current_debt") or 0)


def billed(r):
    v = get_view(r)
    return v is not None and billing(v) > 0


def wait_billing(rentals, row, timeout):
    """Until every rental was billed at least once (a first tick)."""
    pending = list(rentals)
    wait_for(lambda: drain(pending, billed), timeout, 1)
    for r in pending:
        row.problem("lost", r, "never billed within %ds: %s" % (timeout, short(r.view)))
    log("  billing runs for %d/%d rentals" % (len(rentals) - len(pending), len(rentals)))


def billings(rentals):
    out = {}
    for r in rentals:
        v = get_view(r)
        out[r.id] = billing(v) if v else None
    return out


def log_debt(rentals, what):
    views = [get_view(r) for r in rentals]
    debt = sum((v or {}).get("current_debt") or 0 for v in views)
    owing = sum(1 for v in views if v and v.get("current_debt"))
    log("  %s: %d rentals owe %d in all" % (what, owing, debt))


def check_progress(rentals, row, timeout, what):
    """Billing goes on: every active rental's paid + debt grows within timeout seconds."""
    before = billings(rentals)
    pending = [r for r in rentals]

    def advanced():
        for r in list(pending):
            v = get_view(r)
            if v and v.get("status") == "ACTIVE" and before.get(r.id) is not None \
                    and billing(v) > before[r.id]:
                pending.remove(r)
            elif v and v.get("status") in ENDED:
                pending.remove(r)  # judged by the checks at the end
        return not pending

    start = time.monotonic()
    wait_for(advanced, timeout, 1)
    for r in pending:
        row.problem("lost", r, "billing stuck %s: paid + debt stayed %s for %ds (%s)" % (
            what, before.get(r.id), timeout, short(r.view, 160)))
    log("  billing goes on %s: %d/%d rentals advanced (%.0fs)" % (
        what, len(rentals) - len(pending), len(rentals), time.monotonic() - start))


def stop_rental(r, key=None, timeout=240):
    """POST /stop; 503 or no answer is repeated with the same key. Returns (code, body)."""
    key = key or r.stop_key
    deadline = time.monotonic() + timeout
    code, body = None, None
    for _ in range(8):
        code, body = call("POST", API + "/api/v1/rentals/stop",
                          {"rental_id": r.id, "station_id": RETURN_STATION},
                          {"Idempotency-Key": key}, timeout=75)
        if code not in (0, 503) or time.monotonic() > deadline:
            break
        time.sleep(3)
    return code, body


def stop_all(rentals, row):
    log("  stopping %d rentals at %s" % (len(rentals), RETURN_STATION))

    def one(r):
        r.stop_sent_at = time.time()
        r.stop_code, body = stop_rental(r)
        if r.stop_code == 200:
            r.receipt = body

    parallel(one, rentals, 300)
    for r in rentals:
        if r.stop_code != 200:
            row.problem("lost", r, "stop answered %s" % r.stop_code)
    log("  %d/%d stops answered 200" % (sum(1 for r in rentals if r.stop_code == 200), len(rentals)))


def hold_left(r):
    st = stubs_state(r.id)
    if st is None:
        return None
    return sum(h.get("amount") or 0 for h in st.get("holds", []) if h.get("order_id") == r.id)


def settled(r):
    """Ended in the read model, the hold released (a RELEASE attempt succeeded), nothing left held."""
    v = get_view(r)
    if not v or v.get("status") not in ENDED:
        return False
    code, body = call("GET", "%s/api/v1/rentals/%s/payments" % (API, r.id), timeout=15)
    pays = body.get("payments") if isinstance(body, dict) else body
    if code != 200 or not isinstance(pays, list):
        return False
    held = any(p.get("kind") == "HOLD" and p.get("success") for p in pays)
    released = any(p.get("kind") == "RELEASE" and p.get("success") for p in pays)
    return (released or not held) and hold_left(r) == 0


def wait_settled(rentals, row, timeout):
    pending = list(rentals)
    start = time.monotonic()
    wait_for(lambda: drain(pending, settled), timeout, 2)
    for r in pending:
        row.problem("lost", r, "not settled within %ds: %s" % (timeout, short(r.view, 300)))
    log("  %d/%d settled (%.0fs)" % (len(rentals) - len(pending), len(rentals),
                                     time.monotonic() - start))


def verify(r, row):
    """The per-rental money checks; fills the row's counters."""
    v = get_view(r)
    code, body = call("GET", "%s/api/v1/rentals/%s/payments" % (API, r.id), timeout=15)
    pays = body.get("payments") if isinstance(body, dict) else body
    st = stubs_state(r.id)
    if v is None or code != 200 or not isinstance(pays, list) or st is None:
        row.problem("lost", r, "cannot read it back: rental %s, payments %s, stubs %s" % (
            short(v), code, "ok" if st else "none"))
        return
    r.payments = pays
    ledger = [e for e in st.get("ledger", []) if e.get("order_id") == r.id]
    r.ledger = ledger
    row.rentals += 1
    row.charges += sum(1 for e in ledger if e.get("kind") == "CHARGE")
    row.declines += sum(1 for e in ledger if e.get("kind") == "DECLINE")
    paid, debt, total = v.get("paid_amount"), v.get("current_debt"), v.get("total_amount")
    row.debt += debt or 0
    status = v.get("status")

    # ledger: stubs == payment_attempts == paid_amount
    stubs_charged = (st.get("charged_by_order") or {}).get(r.id, 0)
    attempts = sum(p.get("amount") or 0 for p in pays if p.get("success") and p.get("kind") in MONEY_KINDS)
    if not stubs_charged == attempts == paid:
        keys = sorted("%s=%s" % (e.get("idempotency_key", "").replace(r.id, ""), e.get("amount"))
                      for e in ledger if e.get("kind") in ("CHARGE", "CAPTURE"))
        pa = sorted("%s=%s" % (p.get("idempotency_key", "").replace(r.id, ""), p.get("amount"))
                    for p in pays if p.get("success") and p.get("kind") in MONEY_KINDS)
        row.problem("mismatch", r, "stubs charged %s, payment_attempts %s, paid_amount %s "
                    "(status %s, total %s, debt %s); stubs keys %s; attempts %s" % (
                        stubs_charged, attempts, paid, status, total, debt, " ".join(keys), " ".join(pa)))

    # duplicates: one successful entry per idempotency key and kind
    seen = {}
    for e in ledger:
        if e.get("kind") in ("CHARGE", "CAPTURE", "HOLD"):
            k = (e.get("kind"), e.get("idempotency_key"))
            seen[k] = seen.get(k, 0) + 1
    dups = ["%s %s x%d" % (k[0], k[1], n) for k, n in seen.items() if n > 1]
    if dups:
        row.problem("dup", r, "charged twice: " + ", ".join(dups))

    other = []
    if status == "PENDING":
        other.append("still PENDING")
    if status not in ENDED:
        other.append("not ended: %s" % status)
    if None in (paid, debt, total) or abs(paid + debt - total) > 1:
        other.append("paid %s + debt %s != total %s" % (paid, debt, total))
    if status in ENDED and hold_left(r) != 0:
        other.append("hold left: %s" % short([h for h in st.get("holds", []) if h.get("order_id") == r.id]))
    if status == "FINISHED":
        started, finished = parse_ts(v.get("started_at")), parse_ts(v.get("finished_at"))
        if started and finished and abs(total - int(finished - started)) > 1:
            other.append("total %s for %.1fs (one unit a second)" % (total, finished - started))
        if r.stop_sent_at and finished and finished - r.stop_sent_at > 3:
            other.append("finished_at %.1fs after the stop was sent: billed past the stop" % (
                finished - r.stop_sent_at))
        if r.receipt is not None:
            for f in ("status", "total_amount", "started_at", "finished_at"):
                if r.receipt.get(f) != v.get(f) and not (f.endswith("_at") and
                                                         parse_ts(r.receipt.get(f)) == parse_ts(v.get(f))):
                    other.append("receipt %s %s != rental %s" % (f, r.receipt.get(f), v.get(f)))
        if r.poor and None not in (paid, total) and paid != min(total, DEPOSIT):
            other.append("poor user paid %s, expected the deposit capture min(total %s, %d)" % (
                paid, total, DEPOSIT))
        if not r.poor and debt:
            other.append("a user who can pay ends with debt %s" % debt)
    if other:
        row.problem("other", r, "; ".join(other))


# ---- scenarios ------------------------------------------------------------------------------


class Row:
    def __init__(self, name):
        self.name = name
        self.rentals = self.charges = self.declines = self.debt = 0
        self.counts = {"mismatch": 0, "lost": 0, "dup": 0, "other": 0}
        self.problems = []
        self.skipped = None
        self.seconds = 0.0

    def problem(self, kind, rental, text):
        self.counts[kind] += 1
        self.problems.append("%-8s %s%s" % (kind, "%s: " % (rental,) if rental else "", text))
        log("  PROBLEM %s %s%s" % (kind, "%s: " % (rental,) if rental else "", text))

    @property
    def failed(self):
        return self.skipped is None and any(self.counts.values())


class Chaos:
    def __init__(self, args):
        self.args = args
        self.mode = MODES["short" if args.short else "full"]
        self.run = time.strftime("%H%M%S") + uuid.uuid4().hex[:4]
        self.rows = []

    def load(self, letter, normal=None, poor=None):
        normal = self.mode["normal"] if normal is None else normal
        poor = self.mode["poor"] if poor is None else poor
        return ([Rental("chaos-%s-%s-%d" % (self.run, letter, n)) for n in range(1, normal + 1)]
                + [Rental("poor-chaos-%s-%s-%d" % (self.run, letter, n), poor=True)
                   for n in range(1, poor + 1)])

    def scenario(self, name, title, body):
        row = Row(name)
        self.rows.append(row)
        log("== %s: %s" % (name, title))
        t0 = time.monotonic()
        try:
            code, _ = stubs("POST", "/admin/reset")
            code2, _ = stubs("PUT", "/admin/configs", {"BILLING_TICK_SEC": TICK_SEC})
            if code != 200 or code2 != 200:
                raise ScenarioError("stubs reset/configs answered %s/%s" % (code, code2))
            body(row)
        except ScenarioError as e:
            row.problem("other", None, str(e))
        except Exception as e:  # a bug of this script must fail the scenario, not hide it
            row.problem("other", None, "chaos.py error: %s: %s" % (type(e).__name__, e))
        finally:
            clear_faults()
            code, _ = stubs("POST", "/admin/reset")
            if code != 200:
                log("  WARNING: POST /admin/reset answered %s" % code)
        row.seconds = time.monotonic() - t0
        log("== %s: %s in %.0fs" % (name, "SKIPPED" if row.skipped else "FAIL" if row.failed else "PASS",
                                     row.seconds))

    # The common shape: load -> billing -> fault -> billing goes on -> stop -> settle -> verify.
    def load_scenario(self, row, letter, fault, before_stop=None, rentals=None):
        rentals = rentals or self.load(letter)
        active = start_load(rentals, row)
        try:
            wait_billing(active, row, 3 * TICK_SEC + 15)
            fault(active, row)
            check_progress(active, row, self.mode["progress_timeout"], "after the fault")
            if before_stop:
                before_stop(active, row)
            else:
                stop_all(active, row)
        finally:
            left = [r for r in active if r.stop_code is None]
            if left:  # the scenario broke off: leave no rental billing behind
                log("  stopping the %d rentals left active" % len(left))
                parallel(lambda r: stop_rental(r, timeout=60), left, 120)
        wait_settled(active, row, self.mode["settle_timeout"])
        for r in rentals:
            if r.start_code == 200:
                verify(r, row)
        return rentals

    # a. kill -9 one worker while charges are in flight, then restart it; the same once more while
    #    the final charges of the stops are in flight
    def a(self, row):
        up = healthy_workers()
        if len(up) < 2:
            raise ScenarioError("needs two workers, healthy: %s" % up)

        def kill_busiest(active, row, since, what, key_suffix=None):
            """kill -9 of the copy that runs most of the load (workflows stick to their worker),
            at a moment when one of its charges is in flight (bounded wait)."""
            pids = {pid_of(worker_name(i)): worker_name(i) for i in range(1, WORKERS + 1)}
            owners = workflow_owners(active)
            held = {name: [rid for rid, pid in owners.items() if pid == wpid] for wpid, name in pids.items()}
            victim = max(sorted(held), key=lambda name: len(held[name]))
            log("  rentals per worker: %s" % ", ".join("%s %d" % (k, len(v)) for k, v in sorted(held.items())))
            n = in_flight_moment(1, 3 * TICK_SEC, since, set(held[victim]) or None, key_suffix)
            pid = pid_of(victim)
            if not pid:
                raise ScenarioError("no live pid for %s in .run/pids" % victim)
            os.kill(pid, 9)
            log("  kill -9 %s (pid %d) with %d of its %s in flight" % (victim, pid, n, what))
            if n == 0:
                row.problem("other", None, "not exercised: no %s of %s in flight at the kill" % (what, victim))
            if not wait_for(lambda: pid_of(victim) is None, 10, 0.5):
                raise ScenarioError("%s (pid %d) still alive after kill -9" % (victim, pid))
            return victim

        def restart(victim):
            rc = run_script(["scripts/run.sh"], 400, {"WORKERS": str(WORKERS), "SKIP_BUILD": "1"})
            if rc != 0 or victim not in healthy_workers():
                raise ScenarioError("scripts/run.sh did not bring %s back (exit %s)" % (victim, rc))
            log("  %s is back; workers up: %s" % (victim, " ".join(healthy_workers())))

        def fault(active, row):
            since = time.time()
            set_fault(CLEAR, delay_ms=1000)  # charges take a second: some are always in flight
            victim = kill_busiest(active, row, since, "tick charge(s)")
            check_progress(active, row, self.mode["progress_timeout"], "on the other worker copy")
            restart(victim)

        def stop_and_kill(active, row):
            since = time.time()
            stopper = threading.Thread(target=stop_all, args=(active, row), daemon=True)
            stopper.start()
            victim = kill_busiest(active, row, since, "final charge(s)", ":final")
            stopper.join(300)
            restart(victim)
            clear_faults()

        self.load_scenario(row, "a", fault, before_stop=stop_and_kill)

    # b. restart of the Temporal dev server mid-rental
    def b(self, row):
        mode = ""
        try:
            with open(os.path.join(RUN_DIR, "temporal", "mode")) as f:
                mode = f.read().strip()
        except OSError:
            pass
        if not pid_of("temporal") or mode != "cli":
            row.skipped = "no Temporal dev server started by make run here (mode %r)" % mode
            log("  SKIP: " + row.skipped)
            return

        def fault(active, row):
            since = time.time()
            set_fault(CLEAR, delay_ms=1000)  # so the stop meets charges in flight
            n = in_flight_moment(1, 3 * TICK_SEC, since)
            log("  stopping Temporal with %d charge(s) in flight" % n)
            rc = run_script(["scripts/temporal.sh", "stop"], 90)
            if rc != 0 or pid_of("temporal"):
                raise ScenarioError("scripts/temporal.sh stop failed (exit %s)" % rc)
            try:
                code = api_health()[1]
                log("  Temporal down; api health answers %s" % code)
                sleep_logged(self.mode["temporal_down_sec"], "Temporal down")
            finally:
                rc = run_script(["scripts/temporal.sh", "start"], 240)
            if rc != 0:
                raise ScenarioError("scripts/temporal.sh start failed (exit %s)" % rc)
            wait_api_healthy(120)
            clear_faults()

        self.load_scenario(row, "b", fault)

    # c. restart of PostgreSQL mid-rental
    def c(self, row):
        if os.environ.get("DATABASE_URL"):
            row.skipped = "DATABASE_URL set: an external PostgreSQL is not ours to restart"
            log("  SKIP: " + row.skipped)
            return

        # restart, not stop + start: 'postgres.sh start' would mark the cluster as started by
        # make, and the next 'make stop' would then stop a cluster that others use.
        def fault(active, row):
            t_fault = time.time()
            set_fault(CLEAR, delay_ms=1000)  # so the restart meets charges whose ledger write is due
            n = in_flight_moment(1, 3 * TICK_SEC, t_fault)
            log("  restarting PostgreSQL with %d charge(s) in flight" % n)
            rc = run_script(["scripts/postgres.sh", "restart"], 180)
            if rc != 0:
                raise ScenarioError("scripts/postgres.sh restart failed (exit %s)" % rc)
            wait_api_healthy(120)
            clear_faults()

        self.load_scenario(row, "c", fault)

    # d. payments 503 for a minute; then (new load) payments answering after 2 s
    def d503(self, row):
        sec = self.mode["d503_sec"]

        def fault(active, row):
            set_fault(CLEAR, error_rate=1.0, duration_sec=sec)
            sleep_logged(sec, "payments answer 503")
            log_debt(active, "debt at the end of the outage")
            gone = wait_for(lambda: not [f for f in (stubs("GET", "/admin/faults")[1] or {}).get("faults", [])
                                         if f.get("endpoint") == CLEAR], 15, 1)
            if not gone:
                raise ScenarioError("the 503 fault did not expire")
            log("  payments recovered")

        self.load_scenario(row, "d", fault)

    def dslow(self, row):
        sec = self.mode["dslow_sec"]

        def fault(active, row):
            set_fault(CLEAR, delay_ms=2000, duration_sec=sec)
            sleep_logged(sec, "payments answer after 2 s (read timeout 1.5 s)")
            log_debt(active, "debt at the end of the slow spell")
            clear_faults()
            log("  payments fast again")

        self.load_scenario(row, "s", fault)

    # e. eject failing after the hold
    def e(self, row):
        failing = [Rental("chaos-%s-e-eject-%d" % (self.run, n)) for n in range(1, self.mode["e_starts"] + 1)]

        def fault(active, row):
            before = inventory(STATION)
            for r in failing:
                r.quote_id = quote(r.user)["quote_id"]
            set_fault("eject-powerbank", decline=True)
            parallel(lambda r: start_rental(r, retry_unavailable=False), failing, 120)
            # the same start again: the same answer (SPEC §6)
            again = parallel(lambda r: call("POST", API + "/api/v1/rentals/start", {"quote_id": r.quote_id},
                                            {"Idempotency-Key": r.key}, timeout=75), failing, 120)
            clear_faults()
            after = inventory(STATION)
            log("  %d starts with the eject failing: answers %s" % (
                len(failing), sorted(str(r.start_code) for r in failing)))
            for r, rep in zip(failing, again):
                code = (r.start_body or {}).get("code") if isinstance(r.start_body, dict) else None
                if r.start_code != 409 or code != "EJECT_FAILED":
                    row.problem("other", r, "start with the eject failing answered %s %s, expected 409 "
                                "EJECT_FAILED" % (r.start_code, short(r.start_body)))
                if not isinstance(rep, tuple) or rep[0] != r.start_code:
                    row.problem("other", r, "repeated start answered %s, first %s" % (
                        short(rep), r.start_code))
            if before is not None and after != before:
                row.problem("other", None, "%s inventory %s -> %s although no eject succeeded" % (
                    STATION, before, after))
            wait_settled(failing, row, 60)
            for r in failing:
                verify(r, row)
                v = r.view or {}
                if v.get("status") != "FAILED":
                    row.problem("other", r, "status %s, expected FAILED" % v.get("status"))
                kinds = [(p.get("kind"), p.get("success")) for p in r.payments or []]
                if ("HOLD", True) not in kinds or ("RELEASE", True) not in kinds:
                    row.problem("other", r, "expected a hold and its release, ledger %s" % kinds)
                code, body = stop_rental(r, timeout=60)
                if code != 409:
                    row.problem("other", r, "stop of a FAILED rental answered %s %s, expected 409" % (
                        code, short(body)))

        self.load_scenario(row, "e", fault)

    # f. 200 concurrent starts over 20 keys; concurrent repeated stops
    def f(self, row):
        keys, per_key = self.mode["f_keys"], self.mode["f_per_key"]
        rentals = self.load("f", keys - keys // 7, keys // 7)
        for r in rentals:
            r.quote_id = quote(r.user)["quote_id"]
        before = inventory(STATION)
        barrier = threading.Barrier(keys * per_key, timeout=60)
        log("  %d concurrent starts over %d idempotency keys (%d per key)" % (keys * per_key, keys, per_key))

        def one(r):
            try:
                barrier.wait()
            except threading.BrokenBarrierError:
                pass
            return call("POST", API + "/api/v1/rentals/start", {"quote_id": r.quote_id},
                        {"Idempotency-Key": r.key}, timeout=120)

        t0 = time.monotonic()
        answers = parallel(one, [r for r in rentals for _ in range(per_key)], 200)
        log("  answered in %.1fs: %s" % (time.monotonic() - t0, count_codes(answers)))
        for i, r in enumerate(rentals):
            mine = answers[i * per_key:(i + 1) * per_key]
            codes = [a[0] if isinstance(a, tuple) else None for a in mine]
            ids = {a[1].get("rental_id") for a in mine if isinstance(a, tuple) and a[0] == 200}
            banks = {a[1].get("powerbank_id") for a in mine if isinstance(a, tuple) and a[0] == 200}
            retried = 0
            if any(c != 200 for c in codes):
                # a 503 (RENTAL_TIMEOUT) is allowed to be repeated with the same key
                if all(c in (200, 503, 0) for c in codes) and start_rental(r) == 200:
                    ids.add(r.start_body.get("rental_id"))
                    banks.add(r.start_body.get("powerbank_id"))
                    retried = codes.count(503) + codes.count(0)
                else:
                    row.problem("other", r, "start answers %s" % codes)
            if len(ids) == 1 and len(banks) == 1:
                r.start_code = 200
                r.start_body = next(a[1] for a in mine if isinstance(a, tuple) and a[0] == 200) \
                    if 200 in codes else r.start_body
                r.id, r.powerbank_id = ids.pop(), banks.pop()
                r.started_at = parse_ts(r.start_body.get("started_at"))
                if retried:
                    log("  %s: %d start(s) answered 503 and were repeated" % (r, retried))
            elif ids:
                row.problem("dup", r, "one key, several rentals or powerbanks: %s %s" % (ids, banks))
        started = [r for r in rentals if r.start_code == 200]
        after = inventory(STATION)
        if before is not None and after != before - len(started):
            row.problem("dup", None, "%s inventory %s -> %s for %d rentals (one eject each)" % (
                STATION, before, after, len(started)))
        else:
            log("  %s inventory %s -> %s: one eject per key" % (STATION, before, after))
        all_banks = [r.powerbank_id for r in started]
        if len(set(all_banks)) != len(all_banks):
            row.problem("dup", None, "powerbank ids repeat across rentals: %s" % all_banks)
        for r in started:
            st = stubs_state(r.id)
            holds = [e for e in (st or {}).get("ledger", []) if e.get("order_id") == r.id and e.get("kind") == "HOLD"]
            if len(holds) != 1:
                row.problem("dup", r, "%d HOLD entries in the stubs ledger" % len(holds))

        def concurrent_stops(active, row):
            dock_before = inventory(RETURN_STATION)
            other_keys = {r.id: [str(uuid.uuid4()), str(uuid.uuid4())] for r in active}
            jobs = [(r, r.stop_key) for r in active for _ in range(4)] + \
                   [(r, k) for r in active for k in other_keys[r.id]]
            log("  %d concurrent stops (4 with one key, 2 with other keys per rental)" % len(jobs))
            res = parallel(lambda job: stop_rental(job[0], job[1]), jobs, 300)
            for r in active:
                mine = [a for (rr, _), a in zip(jobs, res) if rr is r]
                bodies = [json.dumps(a[1], sort_keys=True) if isinstance(a, tuple) and a[0] == 200 else None
                          for a in mine]
                ok = [b for b in bodies if b is not None]
                r.stop_code = 200 if ok else None
                if None in bodies or len(set(bodies)) != 1:
                    row.problem("other", r, "concurrent stops (4 with key %s, then 2 other keys): %s" % (
                        r.stop_key[:8], [(a[0], short(a[1], 120)) if isinstance(a, tuple) else str(a)
                                         for a in mine]))
                    continue
                r.receipt = mine[0][1]
                code, body = stop_rental(r)  # once more, later: still the same receipt
                if code != 200 or json.dumps(body, sort_keys=True) != bodies[0]:
                    row.problem("other", r, "a later repeated stop answered %s %s, first %s" % (
                        code, short(body), bodies[0]))
            dock_after = inventory(RETURN_STATION)
            docked = sum(1 for r in active if r.stop_code == 200)
            if dock_before is not None and dock_after != dock_before + docked:
                row.problem("dup", None, "%s inventory %s -> %s for %d returns" % (
                    RETURN_STATION, dock_before, dock_after, docked))
            else:
                log("  %s inventory %s -> %s: one return per rental" % (RETURN_STATION, dock_before, dock_after))

        wait_billing(started, row, 3 * TICK_SEC + 15)
        check_progress(started, row, self.mode["progress_timeout"], "with %d rentals" % len(started))
        concurrent_stops(started, row)
        wait_settled(started, row, self.mode["settle_timeout"])
        for r in started:
            verify(r, row)

    # g. a stop arriving while a charge activity runs
    def g(self, row):
        delay = 1.0
        landed = []

        def fault(active, row):
            set_fault(CLEAR, delay_ms=int(delay * 1000))
            sleep_logged(self.mode["run_sec"], "charges take 1 s")

        def timed_stops(active, row):
            log("  stopping each rental 0.3 s after one of its ticks (its charge then runs for ~1 s)")

            def one(r):
                now = time.time()
                n = int((now + 1.0 - r.started_at) // TICK_SEC) + 1
                at = r.started_at + n * TICK_SEC + 0.3
                time.sleep(max(0.0, at - time.time()))
                r.stop_sent_at = time.time()
                r.stop_code, body = stop_rental(r)
                if r.stop_code == 200:
                    r.receipt = body

            parallel(one, active, 300)
            for r in active:
                if r.stop_code != 200:
                    row.problem("lost", r, "stop answered %s" % r.stop_code)
            # Was a charge running when the stop came? The stubs book it first, then answer 1 s later.
            for r in active:
                st = stubs_state(r.id) or {}
                for e in st.get("ledger", []):
                    if e.get("order_id") == r.id and e.get("kind") in ("CHARGE", "DECLINE") \
                            and not str(e.get("idempotency_key", "")).endswith(":final"):
                        at = parse_ts(e.get("at"))
                        if at is not None and r.stop_sent_at and at <= r.stop_sent_at <= at + delay:
                            landed.append(r)
                            break
            log("  %d/%d stops arrived while a charge was running" % (len(landed), len(active)))
            clear_faults()

        self.load_scenario(row, "g", fault, before_stop=timed_stops)
        if not landed:
            row.problem("other", None, "no stop arrived while a charge was running: scenario not exercised")


def in_flight_moment(want, timeout, since, orders=None, key_suffix=None):
    """Waits (bounded) for a moment with at least `want` charges (of `orders`, default any) that the
    stubs booked after `since` (when delay_ms 1000 was set) and have not answered yet; returns how
    many there were."""
    best = [0]

    def check():
        st = stubs_state()
        if not st:
            return False
        now = time.time()
        n = 0
        for e in st.get("ledger", []):
            if orders is not None and e.get("order_id") not in orders:
                continue
            if key_suffix and not str(e.get("idempotency_key") or "").endswith(key_suffix):
                continue
            if e.get("kind") == "CHARGE" or (e.get("kind") == "DECLINE" and e.get("declined") != "HOLD"):
                at = parse_ts(e.get("at"))
                if at is not None and at > since and 0 <= now - at < 0.8:
                    n += 1
        best[0] = n
        return n >= want

    wait_for(check, timeout, 0.1)
    return best[0]


TEMPORAL_CLI = []


def temporal_cli():
    """The Temporal CLI that scripts/temporal.sh uses (PATH, GOPATH/bin, ~/go/bin), or None."""
    if not TEMPORAL_CLI:
        cands = [os.path.join(d, "temporal") for d in os.environ.get("PATH", "").split(os.pathsep) if d]
        cands += [os.path.expanduser("~/go/bin/temporal"), "/root/go/bin/temporal"]
        TEMPORAL_CLI.append(next((c for c in cands if os.access(c, os.X_OK)), None))
    return TEMPORAL_CLI[0]


def workflow_owners(rentals):
    """{rental id: pid of the worker that ran its last workflow task} (identity "pid@host" of the
    last WorkflowTaskStarted event); workflows stay there through the sticky queue."""
    cli = temporal_cli()
    out = {}
    if not cli:
        return out
    address = "127.0.0.1:%s" % os.environ.get("TEMPORAL_PORT", "7233")

    def one(r):
        try:
            p = subprocess.run([cli, "workflow", "show", "-w", r.id, "--address", address, "-o", "json"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=20, text=True)
            d = json.loads(p.stdout)
        except (subprocess.TimeoutExpired, ValueError, OSError):
            return
        events = d.get("events", d) if isinstance(d, dict) else d
        for e in reversed(events):
            ident = (e.get("workflowTaskStartedEventAttributes") or {}).get("identity")
            if ident and ident.split("@")[0].isdigit():
                out[r.id] = int(ident.split("@")[0])
                return

    parallel(one, rentals, 60)
    return out


def count_codes(answers):
    out = {}
    for a in answers:
        k = a[0] if isinstance(a, tuple) else type(a).__name__
        out[k] = out.get(k, 0) + 1
    return out


SCENARIOS = [
    ("a", "a-kill-worker", "kill -9 of one worker while charges are in flight, then restart it", "a"),
    ("b", "b-temporal", "restart of the Temporal dev server mid-rental", "b"),
    ("c", "c-postgres", "restart of PostgreSQL mid-rental", "c"),
    ("d", "d-503", "payments answer 503, then recover", "d503"),
    ("d", "d-slow", "payments answer after 2 s (read timeout 1.5 s), then recover", "dslow"),
    ("e", "e-eject", "eject failing after the hold", "e"),
    ("f", "f-concurrent", "concurrent starts over few idempotency keys, concurrent stops", "f"),
    ("g", "g-stop-charging", "a stop arriving while a charge activity runs", "g"),
]


def preflight():
    log("== preflight: api %s, stubs %s" % (API, STUBS))
    if not wait_for(lambda: api_health()[0], 60, 2):
        _, code, body = api_health()
        return "api not healthy: %s %s (make run first)" % (code, short(body))
    code, body = stubs("GET", "/configs")
    if code != 200:
        return "stubs do not answer GET /configs: %s (make run first)" % code
    up = healthy_workers()
    log("  api healthy; stubs answer; workers up: %s" % (" ".join(up) or "none"))
    if len(up) < WORKERS:
        log("  fewer than %d workers: starting the missing ones" % WORKERS)
        try:
            rc = run_script(["scripts/run.sh"], 400, {"WORKERS": str(WORKERS), "SKIP_BUILD": "1"})
        except ScenarioError as e:
            return str(e)
        up = healthy_workers()
        if rc != 0 or len(up) < WORKERS:
            return "could not start %d workers (exit %s, up: %s)" % (WORKERS, rc, up)
    return None


def print_table(rows):
    head = ("scenario", "rentals", "charges", "declines", "debt", "ledger mism.", "lost/stuck",
            "dup charges", "other", "result", "time")
    lines = []
    for r in rows:
        result = "SKIP" if r.skipped else "FAIL" if r.failed else "PASS"
        lines.append((r.name, r.rentals, r.charges, r.declines, r.debt, r.counts["mismatch"],
                      r.counts["lost"], r.counts["dup"], r.counts["other"], result, "%.0fs" % r.seconds))
    widths = [max(len(str(x)) for x in col) for col in zip(head, *lines)]
    fmt = "  ".join("%%-%ds" % w if i == 0 else "%%%ds" % w for i, w in enumerate(widths))
    print()
    print(fmt % head)
    print("  ".join("-" * w for w in widths))
    for line in lines:
        print(fmt % line)
    for r in rows:
        if r.skipped:
            print("\n%s skipped: %s" % (r.name, r.skipped))
        elif r.problems:
            print("\n%s problems (%d):" % (r.name, len(r.problems)))
            for p in r.problems[:25]:
                print("  " + p)
            if len(r.problems) > 25:
                print("  ... %d more" % (len(r.problems) - 25))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", default="", help="scenarios to run, e.g. a,d (default: all)")
    ap.add_argument("--short", action="store_true", help="CI-sized pass: smaller loads, shorter faults")
    args = ap.parse_args()
    letters = [x.strip() for x in args.only.split(",") if x.strip()] or [s[0] for s in SCENARIOS]
    unknown = set(letters) - {s[0] for s in SCENARIOS}
    if unknown:
        ap.error("unknown scenario(s): %s" % ",".join(sorted(unknown)))
    chosen = [s for s in SCENARIOS if s[0] in letters]
    t0 = time.monotonic()
    chaos = Chaos(args)
    log("chaos run %s (%s): %s" % (chaos.run, "short" if args.short else "full",
                                   " ".join(s[1] for s in chosen)))
    err = preflight()
    if err:
        log("preflight failed: " + err)
        print("\n0 passed, %d failed" % len(chosen))
        return 1
    try:
        for _, name, title, method in chosen:
            chaos.scenario(name, title, getattr(chaos, method))
    except KeyboardInterrupt:
        log("interrupted")
        clear_faults()
        stubs("POST", "/admin/reset")
    print_table(chaos.rows)
    passed = sum(1 for r in chaos.rows if not r.skipped and not r.failed)
    failed = sum(1 for r in chaos.rows if r.failed) + (len(chosen) - len(chaos.rows))
    print("\nwall time %.0fs" % (time.monotonic() - t0))
    print("\n%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
