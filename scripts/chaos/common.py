"""Shared by every scenario: configuration, HTTP, the stubs, processes, waits."""

import hashlib
import http.client
import json
import os
import re
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from datetime import datetime, timezone

from tokens import token_for  # noqa: E402 (scripts/ is on the path: scripts/chaos.py runs from it)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
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
MONEY_KINDS = ("CHARGE", "FINAL_CHARGE", "DEBT_COLLECTION", "CAPTURE", "REFUND")


def signed(kind, amount):
    """A ledger amount as money taken: a REFUND gives money back, so it counts negative."""
    return -(amount or 0) if kind == "REFUND" else (amount or 0)
CLEAR = "clear-money-for-order"

# Sizes per mode. *_sec: fault lengths; *_timeout: bounds of the waits.
MODES = {
    "full": dict(normal=8, poor=3, d503_sec=60, dslow_sec=40, temporal_down_sec=20, f_keys=20,
                 f_per_key=10, e_starts=5, run_sec=10, settle_timeout=180, progress_timeout=60,
                 sweep_tick=2, sweep_rounds=8, sweep_normal=4, sweep_poor=2, sweep_stops=3, sweep_stops_down=2,
                 sweep_budget=420, sweep_min_points=50, pg_outage_sec=60, pg_long_sec=180,
                 j_eject_starts=3),
    "short": dict(normal=4, poor=2, d503_sec=30, dslow_sec=20, temporal_down_sec=8, f_keys=20,
                  f_per_key=10, e_starts=3, run_sec=5, settle_timeout=120, progress_timeout=45,
                  sweep_tick=2, sweep_rounds=3, sweep_normal=3, sweep_poor=1, sweep_stops=2, sweep_stops_down=2,
                  sweep_budget=150, sweep_min_points=20, pg_outage_sec=20, pg_long_sec=0,
                  j_eject_starts=1),
}

LOCK = threading.Lock()


def log(msg):
    with LOCK:
        print("[%s] %s" % (time.strftime("%H:%M:%S"), msg), flush=True)


# ---- HTTP -----------------------------------------------------------------------------------


def call(method, url, body=None, headers=None, timeout=15, as_user=None):
    """One HTTP call: (status, parsed JSON or text). Status 0 when nothing (or no full answer) came.

    `as_user`: the user the call acts for; it goes with that user's bearer token (issue 11)."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method)
    req.add_header("Accept", "application/json")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    for k, v in (headers or {}).items():
        req.add_header(k, v)
    if as_user:
        try:
            req.add_header("Authorization", "Bearer " + token_for(as_user))
        except (OSError, ValueError, KeyError, http.client.HTTPException) as e:
            return 0, "no token for %s: %s: %s" % (as_user, type(e).__name__, e)
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


def workflow_json(cli, verb, rid, address):
    """`temporal workflow <verb> -o json` of a rental's workflow: under its workflow id
    rental-<rid> (issue 9), else under the bare rental id of rentals started before. Raises as
    subprocess.run and json.loads do; ValueError when neither id answers."""
    for wid in ("rental-" + rid, rid):
        p = subprocess.run([cli, "workflow", verb, "-w", wid, "--address", address, "-o", "json"],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=20, text=True)
        if p.returncode == 0 and p.stdout.strip():
            return json.loads(p.stdout)
    raise ValueError("no workflow for rental %s" % rid)


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
            d = workflow_json(cli, "show", r.id, address)
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



def skipped_without_dev_server(row):
    """True, with the row marked skipped, unless make run started the Temporal dev server here
    (the scenario stops and starts it)."""
    mode = ""
    try:
        with open(os.path.join(RUN_DIR, "temporal", "mode")) as f:
            mode = f.read().strip()
    except OSError:
        pass
    if pid_of("temporal") and mode == "cli":
        return False
    row.skipped = "no Temporal dev server started by make run here (mode %r)" % mode
    log("  SKIP: " + row.skipped)
    return True
