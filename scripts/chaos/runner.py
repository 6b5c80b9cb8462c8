"""make chaos: fault injection against a running stack (make run, with two worker copies).

Each scenario starts from POST /admin/reset, sets BILLING_TICK_SEC=5 on the stubs (unless it sets
its own), starts a load of rentals on station-fast (3600/h,
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

Scenarios h, i, j are audited to the unit against the payment provider's own ledger, payment_attempts
(psql, DATABASE_URL) and the API, with SPEC §5's due() for stops: see audit.py.

Scenarios (--only a,d or by name, --only i-stop-exact):
  a  kill -9 of the worker copy running most rentals while its charges are in flight; the other
     copy keeps going; restart it; the same again while the stops' final charges are in flight
  b  restart of the Temporal dev server mid-rental (its SQLite file keeps the state)
  c  restart of PostgreSQL mid-rental: pg_ctlcluster restart of the cluster named by --pg-cluster
     (or CHAOS_PG_CLUSTER), which must serve the stack's database; skipped loudly without it
  d  payments answer 503 for 60 s (d-503), then, on a new load, answer after 2 s (d-slow)
  e  eject failing after the hold: 409 EJECT_FAILED, rental FAILED, hold released
  f  200 concurrent starts over 20 idempotency keys; concurrent repeated stops
  g  a stop arriving while a charge activity runs (charges slowed to 1 s)
  h  crash-point sweep: kill -9 of every worker at random moments (start, tick charge, settlement,
     debt collection), stops while they are down, restart (crashes.py)
  i  issue 6: kill after the provider took <rental>:1; PostgreSQL outage (needs --pg-cluster);
     a stop's total exactly due(stop moment) with 1-s ticks (issue6.py)
  j  issue 7: slow eject, stop while starting, stop racing a buyout with a slow release, stop key
     reuse, payments 503 during a start, Temporal down (issue7.py)

  python3 scripts/chaos.py [--only a,b,...] [--short] [--repeat N] [--seed N] [--pg-cluster VER/NAME]
                           [--pg-long-sec SEC]

--short: smaller loads and shorter faults (CI). --repeat 2: everything twice in a row, with new
users for each pass (so a poor- user's open debt from pass 1 does not block pass 2's quotes).
Ports as make run: API_PORT (8000), STUBS_PORT (3629), WORKER_BASE_PORT (8080), TEMPORAL_PORT
(7233), or API_URL / STUBS_URL. WORKERS (default 2) worker copies are expected; missing ones are
started with SKIP_BUILD=1 scripts/run.sh. Every wait is bounded. Prints a table, then
"N passed, M failed" as the last line; exits 1 on any failure.
"""

import argparse
import time
import uuid

from . import crashes, infra, issue6, issue7, payments, starts, stops, workers
from .common import *  # noqa: F401,F403
from .rentals import *  # noqa: F401,F403

# (letter for --only, row name, title, function(chaos, row)), in the order they run.
SCENARIOS = (workers.SCENARIOS + infra.SCENARIOS + payments.SCENARIOS + starts.SCENARIOS + stops.SCENARIOS
             + crashes.SCENARIOS + issue6.SCENARIOS + issue7.SCENARIOS)


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
            body(self, row)
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
        if r.notes:
            print("\n%s:" % r.name)
            for n in r.notes:
                print("  " + n)
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
    ap.add_argument("--only", default="", help="scenarios to run, by letter or name, e.g. a,d or h,j-start-503 "
                                               "(default: all)")
    ap.add_argument("--short", action="store_true", help="CI-sized pass: smaller loads, shorter faults")
    ap.add_argument("--seed", type=int, default=None, help="random seed of the crash sweep (h); printed when not given")
    ap.add_argument("--repeat", type=int, default=1, help="run the chosen scenarios N times in a row (default 1)")
    ap.add_argument("--pg-cluster", default=None, metavar="VER/NAME",
                    help="the local PostgreSQL cluster serving the stack's database that c and i-pg-outage may "
                         "stop/restart (or CHAOS_PG_CLUSTER); without it they are skipped")
    ap.add_argument("--pg-long-sec", type=int, default=None, metavar="SEC",
                    help="length of i-pg-outage's long second outage (default 180, 0 with --short; 0 = none)")
    args = ap.parse_args()
    letters = [x.strip() for x in args.only.split(",") if x.strip()] or [s[0] for s in SCENARIOS]
    unknown = set(letters) - {s[0] for s in SCENARIOS} - {s[1] for s in SCENARIOS}
    if unknown:
        ap.error("unknown scenario(s): %s" % ",".join(sorted(unknown)))
    if args.repeat < 1:
        ap.error("--repeat must be at least 1")
    chosen = [s for s in SCENARIOS if s[0] in letters or s[1] in letters] * args.repeat
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
        per_pass = len(chosen) // args.repeat
        for i, (_, name, title, fn) in enumerate(chosen):
            if args.repeat > 1 and i % per_pass == 0:
                chaos.run = time.strftime("%H%M%S") + uuid.uuid4().hex[:4]  # new users for each pass
                log("==== pass %d/%d" % (i // per_pass + 1, args.repeat))
            chaos.scenario(name if args.repeat == 1 else "%s #%d" % (name, i // per_pass + 1), title, fn)
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
