"""i: issue 6, money at crash and outage moments, checked against the provider's ledger (audit.py).

  i-kill-after-charge  clear-money delayed 1 s, 30-s tick: once the provider shows the charge
                       <rental>:1, kill -9 every worker, stop while they are down, restart: the
                       provider's ledger must equal the receipt, and the total due(stop moment)
  i-pg-outage          the stack's own PostgreSQL cluster stopped for 60 s (30 s with --short)
                       while rentals bill: charges keep reaching the provider during the outage,
                       the read model catches up afterwards (status, paid); with --pg-long-sec N
                       (default 180, 0 with --short) a second, long outage must fail no workflow
  i-stop-exact         1-s tick, charges delayed 0.6 s, stops 0.85-0.98 s into a random second (just
                       before a tick): a stop's total is exactly due(stop moment)

The PostgreSQL scenarios stop a cluster, so they run only on one the run may stop: see
pg_cluster() in infra.py (--pg-cluster VER/NAME, or CHAOS_PG_CLUSTER).
"""

import random
import threading
import time

from .audit import audit
from .common import *  # noqa: F401,F403
from .crashes import kill_all_workers, restart_workers
from .infra import pg_cluster, pg_ctl
from .rentals import *  # noqa: F401,F403


def _configs(**values):
    code, body = stubs("PUT", "/admin/configs", values)
    if code != 200:
        raise ScenarioError("PUT /admin/configs %s answered %s %s" % (values, code, short(body)))


def kill_after_charge(chaos, row):
    _configs(BILLING_TICK_SEC=30)
    set_fault(CLEAR, delay_ms=1000)
    rentals = chaos.load("i1", 3, 0)
    active = start_load(rentals, row)
    if not active:
        raise ScenarioError("no rental started")
    keys = {r.id + ":1" for r in active}

    def charged():
        st = stubs_state() or {}
        seen = {e.get("idempotency_key") for e in st.get("ledger", []) if e.get("idempotency_key") in keys}
        return seen if seen else None

    seen = wait_for(charged, 45, 0.05)
    if not seen:
        raise ScenarioError("no charge <rental>:1 at the provider within 45 s")
    killed = kill_all_workers()
    log("  provider shows %d of the %d first charges; kill -9 %s" % (len(seen), len(keys), killed))
    stoppers = []
    for r in active:
        r.stop_sent_at = time.time()

        def one(r=r):
            r.stop_code, body = stop_rental(r, timeout=200)
            if r.stop_code == 200:
                r.receipt = body
        t = threading.Thread(target=one, daemon=True)
        t.start()
        stoppers.append(t)
    log("  %d stops sent while the workers are down" % len(active))
    time.sleep(2)
    restart_workers()
    for t in stoppers:
        t.join(200)
    clear_faults()
    for r in active:
        if r.stop_code != 200:
            row.problem("lost", r, "stop answered %s" % r.stop_code)
        else:
            log("  %s: receipt total %s for %s..%s (stop sent %.1fs after the start)" % (
                r, r.receipt.get("total_amount"), r.receipt.get("started_at"), r.receipt.get("finished_at"),
                r.stop_sent_at - (r.started_at or r.stop_sent_at)))
    wait_settled(active, row, 60)
    audit(active, row)


def provider_charges(ids, since):
    st = stubs_state() or {}
    out = {i: 0 for i in ids}
    for e in st.get("ledger", []):
        if e.get("order_id") in out and e.get("kind") in ("CHARGE", "DECLINE"):
            t = parse_ts(e.get("at"))
            if t is not None and t >= since:
                out[e["order_id"]] += 1
    return out


def pg_outage(chaos, row):
    cluster = pg_cluster(chaos, row)
    if not cluster:
        return
    long_sec = chaos.args.pg_long_sec if chaos.args.pg_long_sec is not None else chaos.mode["pg_long_sec"]
    outage = chaos.mode["pg_outage_sec"]
    rentals = chaos.load("i2", 3, 1)
    active = start_load(rentals, row)
    try:
        wait_billing(active, row, 3 * TICK_SEC + 15)
        for n, sec in enumerate([outage] + ([long_sec] if long_sec else [])):
            what = "outage %d (%ds)" % (n + 1, sec)
            t0 = time.time()
            pg_ctl(cluster, "stop")
            try:
                sleep_logged(sec, "PostgreSQL %s/%s down" % tuple(cluster))
                got = provider_charges([r.id for r in active], t0)
            finally:
                pg_ctl(cluster, "start")
            want = max(2, int(sec / TICK_SEC) - 2)  # every tick but the two at the edges
            for r in active:
                if got[r.id] < want:
                    row.problem("other", r, "%s: %d charge(s) reached the provider during it, expected >= %d "
                                "(one per %d-s tick)" % (what, got[r.id], want, TICK_SEC))
            log("  %s: charges at the provider per rental during it: %s" % (what, sorted(got.values())))
            wait_api_healthy(120)

            def caught_up(r):
                v = get_view(r)
                st = stubs_state(r.id)
                if not v or not st:
                    return False
                charged = (st.get("charged_by_order") or {}).get(r.id, 0)
                return v.get("status") == "ACTIVE" and v.get("paid_amount") == charged
            pending = list(active)
            t1 = time.monotonic()
            wait_for(lambda: drain(pending, caught_up), 60, 1)
            for r in pending:
                st = stubs_state(r.id) or {}
                row.problem("other", r, "after %s the read model did not catch up within 60 s: %s; provider "
                            "charged %s" % (what, short(r.view, 200), (st.get("charged_by_order") or {}).get(r.id)))
            log("  read model caught up for %d/%d rentals (%.0fs)" % (
                len(active) - len(pending), len(active), time.monotonic() - t1))
            check_progress(active, row, chaos.mode["progress_timeout"], "after " + what)
        stop_all(active, row)
    finally:
        left = [r for r in active if r.stop_code is None]
        if left:
            parallel(lambda r: stop_rental(r, timeout=60), left, 120)
    wait_settled(active, row, chaos.mode["settle_timeout"])
    audit(active, row)


def stop_exact(chaos, row):
    _configs(BILLING_TICK_SEC=1)
    set_fault(CLEAR, delay_ms=600)
    rentals = chaos.load("i3", chaos.mode["normal"], chaos.mode["poor"])
    active = start_load(rentals, row)
    rng = random.Random()
    sleep_logged(3, "1-s ticks, charges take 0.6 s")

    def one(r):
        # a random moment shortly before one of the 1-s ticks, when that tick's charge races the stop
        at = (r.started_at or time.time()) + rng.randint(4, 7) + rng.uniform(0.85, 0.98)
        time.sleep(max(0.0, at - time.time()))
        r.stop_sent_at = time.time()
        r.stop_code, body = stop_rental(r)
        r.stop_answered_at = time.time()
        if r.stop_code == 200:
            r.receipt = body

    parallel(one, active, 300)
    clear_faults()
    for r in active:
        if r.stop_code != 200:
            row.problem("lost", r, "stop answered %s" % r.stop_code)
    wait_settled(active, row, chaos.mode["settle_timeout"])
    # exactly due(stop moment), where the stop moment lies between sending and answering
    from .audit import due
    for r in active:
        rc = r.receipt or {}
        started = parse_ts(rc.get("started_at"))
        total = rc.get("total_amount")
        if started is None or total is None:
            continue
        hi = due(3600, 0, r.stop_answered_at - started, 5000)
        if total > hi:
            row.problem("other", r, "total %s > due(stop answered, %.2fs) = %s: billed past the stop" % (
                total, r.stop_answered_at - started, hi))
    audit(active, row, stop_slack=1.5)


SCENARIOS = [
    ("i", "i-kill-after-charge", "first charge seen by the provider, kill -9 all workers, stop while down", kill_after_charge),
    ("i", "i-pg-outage", "the run's own PostgreSQL down while rentals bill (and, optionally, a long outage)", pg_outage),
    ("i", "i-stop-exact", "1-s tick, charges slowed 0.6 s: a stop's total is exactly due(stop moment)", stop_exact),
]
