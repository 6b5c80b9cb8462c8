"""j: issue 7, the start and stop answers under slow and failing dependencies.

  j-eject-slow       eject answers after 2.5 s (past the 1.5 s read timeout): a start at station-7
                     either gives an ACTIVE rental with the bank, or no bank left the station
  j-stop-starting    stops sent while the start is still running (hold and eject slowed 1.2 s each):
                     never 5xx, only
                     409 RENTAL_NOT_ACTIVE, 404 (before the rental exists) or the receipt
  j-release-slow     BILLING_TICK_SEC 5, R_BUYOUT 3, release answers after 1.2 s, stop 5.2-6.2 s
                     after the start (racing the buyout): the same key and body always get the same
                     answer, consistent with whether the bank was docked
  j-stop-key-reuse   a stop's Idempotency-Key reused for another rental of the same user or another
                     station: 422, and that other rental is not stopped; the same key from another
                     user is that user's own key (keys are scoped to the user, SPEC §6)
  j-start-503        holds answer 503 during a start: 503 PAYMENTS_UNAVAILABLE; after recovery the
                     same key starts the rental (one hold)
  j-temporal-down    Temporal stopped: start and stop answer 503 JSON {"error","code"} within 5 s
"""

import json
import os
import random
import threading
import time
import uuid

from .audit import Terms, audit
from .common import *  # noqa: F401,F403
from .rentals import *  # noqa: F401,F403


def _configs(**values):
    code, body = stubs("PUT", "/admin/configs", values)
    if code != 200:
        raise ScenarioError("PUT /admin/configs %s answered %s %s" % (values, code, short(body)))


def _start_once(r, timeout=75):
    code, body = call("POST", API + "/api/v1/rentals/start", {"quote_id": r.quote_id},
                      {"Idempotency-Key": r.key}, timeout=timeout, as_user=r.user)
    r.start_code, r.start_body = code, body
    if code == 200 and isinstance(body, dict):
        r.id = body.get("rental_id") or r.id
        r.powerbank_id = body.get("powerbank_id")
        r.started_at = parse_ts(body.get("started_at"))
    return code, body


def _stop_once(r, station, key, timeout=75):
    return call("POST", API + "/api/v1/rentals/stop", {"rental_id": r.id, "station_id": station},
                {"Idempotency-Key": key}, timeout=timeout, as_user=r.user)


def _json_error(body):
    return isinstance(body, dict) and isinstance(body.get("error"), str) and isinstance(body.get("code"), str)


def eject_slow(chaos, row):
    station = "station-7"
    n = chaos.mode["j_eject_starts"]
    rentals = [Rental("chaos-%s-j1-%d" % (chaos.run, i)) for i in range(1, n + 1)]
    for r in rentals:
        r.quote_id = quote(r.user, station)["quote_id"]
    before = inventory(station)
    set_fault("eject-powerbank", delay_ms=2500)
    for r in rentals:  # one after another: each start's effect on the station is its own
        b0 = inventory(station)
        t0 = time.monotonic()
        code, body = _start_once(r, timeout=90)
        # give a running start time to finish; then judge the rental by what the read model says
        wait_for(lambda: (get_view(r) or {}).get("status") in ("ACTIVE", "FINISHED", "FAILED"), 60, 1)
        v = get_view(r) or {}
        b1 = inventory(station)
        log("  start %s: %s %s in %.1fs; rental %s, %s banks %s -> %s" % (
            r, code, short(body, 120), time.monotonic() - t0, v.get("status"), station, b0, b1))
        if code >= 500 and not _json_error(body):
            row.problem("other", r, "start answered %s without a JSON error: %s" % (code, short(body)))
        if b0 is not None and b1 is not None:
            took = b0 - b1
            if v.get("status") == "ACTIVE" and code == 200:
                if took != 1:
                    row.problem("other", r, "ACTIVE with %s but %d bank(s) left %s" % (r.powerbank_id, took, station))
            elif took != 0:
                row.problem("other", r, "a bank left %s (%s -> %s) but the start answered %s and the rental is %s "
                            "(paid %s): the user has a bank the product does not bill" % (
                                station, b0, b1, code, v.get("status"), v.get("paid_amount")))
        if code == 200 and v.get("status") != "ACTIVE":
            row.problem("other", r, "start answered 200 but the rental is %s" % v.get("status"))
    clear_faults()
    active = [r for r in rentals if r.start_code == 200 and (get_view(r) or {}).get("status") == "ACTIVE"]
    for r in active:
        r.stop_sent_at = time.time()
        r.stop_code, body = stop_rental(r)
        r.receipt = body if r.stop_code == 200 else None
    wait_settled(active, row, 60)
    after = inventory(station)
    log("  %s: %s banks before, %s after (%d rental(s) returned elsewhere: %s)" % (
        station, before, after, len(active), RETURN_STATION))
    if before is not None and after is not None and before - after != len(active):
        row.problem("other", None, "%s lost %d bank(s) for %d started rental(s)" % (station, before - after, len(active)))
    for r in rentals:
        if r not in active:  # not started: nothing charged, nothing left on hold
            st = stubs_state(r.id) or {}
            left, charged = hold_left(r), (st.get("charged_by_order") or {}).get(r.id, 0)
            if left or charged:
                row.problem("other", r, "not started (%s) but %s on hold and %s charged" % (
                    (get_view(r) or {}).get("status"), left, charged))
    audit(active, row, Terms(60, 5, 5000))


def stop_while_starting(chaos, row):
    # slow but within the 1.5 s read timeout: the start takes about 2.5 s and succeeds
    set_fault("hold-money-for-order", delay_ms=1200)
    set_fault("eject-powerbank", delay_ms=1200)
    rentals = [Rental("chaos-%s-j2-%d" % (chaos.run, i)) for i in range(1, 4)]
    for r in rentals:
        r.quote_id = quote(r.user)["quote_id"]
    answers = {r.id: [] for r in rentals}

    def one(r):
        done = threading.Event()

        def starter():
            _start_once(r, timeout=90)
            done.set()
        threading.Thread(target=starter, daemon=True).start()
        time.sleep(0.3)
        for _ in range(40):
            if done.is_set():
                break
            code, body = _stop_once(r, RETURN_STATION, r.stop_key, timeout=30)
            answers[r.id].append((code, body))
            if code == 200:
                r.stop_code, r.receipt, r.stop_sent_at = 200, body, time.time()
                break
            time.sleep(0.25)
        done.wait(90)

    parallel(one, rentals, 150)
    clear_faults()
    for r in rentals:
        log("  %s: start %s; stops while starting: %s" % (r, r.start_code, count_codes(answers[r.id])))
        for c, b in answers[r.id]:
            ok = c == 200 or (c == 409 and isinstance(b, dict) and b.get("code") == "RENTAL_NOT_ACTIVE") \
                or (c == 404 and _json_error(b))
            if not ok:
                row.problem("other", r, "stop while starting answered %s %s (expected 409 RENTAL_NOT_ACTIVE, "
                            "404 or the receipt)" % (c, short(b, 160)))
                break
        if not answers[r.id]:
            row.note("%s: the start answered before any stop was sent" % r)
    for r in rentals:
        if r.start_code == 200 and r.stop_code != 200:
            # a key that got 409 keeps that answer (same key, same answer): stop with a new one
            r.stop_key = str(uuid.uuid4())
            r.stop_sent_at = time.time()
            r.stop_code, body = stop_rental(r)
            r.receipt = body if r.stop_code == 200 else None
    started = [r for r in rentals if r.start_code == 200]
    wait_settled(started, row, 60)
    audit(started, row)


def release_slow(chaos, row):
    _configs(BILLING_TICK_SEC=5, R_BUYOUT=3)
    set_fault("release-money-for-order", delay_ms=1200)
    stations = ["station-2", "station-3", "station-4", "station-5"]
    rentals = [Rental("chaos-%s-j3-%d" % (chaos.run, i)) for i in range(1, len(stations) + 1)]
    rng = random.Random()
    for r, s in zip(rentals, stations):
        r.return_station = s
        r.quote_id = quote(r.user)["quote_id"]
    started = [r for r in start_load(rentals, row)]
    results = {}

    def one(r):
        s = r.return_station
        b0 = inventory(s)
        at = (r.started_at or time.time()) + rng.uniform(5.2, 6.2)
        time.sleep(max(0.0, at - time.time()))
        r.stop_sent_at = time.time()
        first = parallel(lambda _: _stop_once(r, s, r.stop_key), [0, 1, 2], 90)
        time.sleep(2.5)  # the release is done; ask again
        later = [_stop_once(r, s, r.stop_key) for _ in range(2)]
        wait_for(lambda: (get_view(r) or {}).get("status") in ("FINISHED", "BUYOUT"), 30, 1)
        results[r.id] = (b0, first + later, inventory(s), r.stop_sent_at - (r.started_at or r.stop_sent_at))

    parallel(one, started, 120)
    clear_faults()
    for r in started:
        if r.id not in results:
            row.problem("lost", r, "no stop answers")
            continue
        b0, ans, b1, after = results[r.id]
        shapes = [(a[0], json.dumps(a[1], sort_keys=True)) if isinstance(a, tuple) else ("exc", str(a)) for a in ans]
        v = get_view(r) or {}
        docked = None if b0 is None or b1 is None else b1 - b0
        log("  %s: stop %.2fs after the start -> %s; rental %s total %s; %s docked %s" % (
            r, after, [s[0] for s in shapes], v.get("status"), v.get("total_amount"), r.return_station, docked))
        if len(set(shapes)) != 1:
            def brief(a):
                if not isinstance(a, tuple):
                    return str(a)
                b = a[1] if isinstance(a[1], dict) else {}
                return "%s %s" % (a[0], " ".join(str(b.get(k)) for k in ("status", "total_amount", "code")
                                                 if b.get(k) is not None))
            row.problem("other", r, "one key and body, different answers (3 at once, 2 later): %s" % ", ".join(
                brief(a) for a in ans))
        code = shapes[0][0]
        if code == 200:
            r.stop_code, r.receipt = 200, ans[0][1]
        if code == 200 and docked != 1:
            row.problem("other", r, "stop answered 200 but %s docked %s bank(s)" % (r.return_station, docked))
        if code != 200 and docked:
            row.problem("other", r, "stop answered %s but %s docked %s bank(s)" % (code, r.return_station, docked))
        if code == 200 and v.get("status") != "FINISHED":
            row.problem("other", r, "stop answered 200 but the rental is %s" % v.get("status"))
        if code == 409 and v.get("status") != "BUYOUT":
            row.problem("other", r, "stop answered 409 but the rental is %s" % v.get("status"))
        if code not in (200, 409):
            row.problem("other", r, "stop answered %s %s" % (code, shapes[0][1][:160]))
    wait_settled(started, row, 60)
    audit(started, row, Terms(3600, 0, 3), stop_slack=3)


def stop_key_reuse(chaos, row):
    rentals = chaos.load("j4", 3, 0)
    rentals[1] = Rental(rentals[0].user)  # b: another rental of the same user
    started = start_load(rentals, row)
    if len(started) < 3:
        raise ScenarioError("needs three rentals, started %d" % len(started))
    a, b, c = started
    key = str(uuid.uuid4())
    a.stop_sent_at = time.time()
    code, body = _stop_once(a, RETURN_STATION, key)
    if code != 200:
        raise ScenarioError("first stop answered %s %s" % (code, short(body)))
    a.stop_code, a.receipt = 200, body
    checks = [("the same key for another rental of the user", b, RETURN_STATION),
              ("the same key and rental, another station", a, "station-2")]
    for what, r, station in checks:
        code2, body2 = _stop_once(r, station, key)
        log("  %s: %s %s" % (what, code2, short(body2, 120)))
        if code2 != 422:
            row.problem("other", r, "%s answered %s %s, expected 422" % (what, code2, short(body2, 160)))
    # keys are scoped to the user (SPEC §6): another user's same key is that user's own first use
    c.stop_sent_at = time.time()
    code_c, body_c = _stop_once(c, RETURN_STATION, key)
    log("  the same key from another user, for that user's rental: %s %s" % (code_c, short(body_c, 120)))
    if code_c != 200:
        row.problem("other", c, "another user's own first use of the key answered %s %s, expected 200" % (
            code_c, short(body_c, 160)))
    else:
        c.stop_code, c.receipt = 200, body_c
    code3, body3 = _stop_once(a, RETURN_STATION, key)
    if code3 != 200 or json.dumps(body3, sort_keys=True) != json.dumps(body, sort_keys=True):
        row.problem("other", a, "the first key and body again answered %s %s, first %s" % (code3, short(body3), short(body)))
    for r in (b,):
        v = get_view(r) or {}
        if v.get("status") != "ACTIVE":
            row.problem("other", r, "a reused key stopped it: status %s" % v.get("status"))
            r.stop_code = 200
        else:
            r.stop_sent_at = time.time()
            r.stop_code, body = stop_rental(r)
            r.receipt = body if r.stop_code == 200 else None
    wait_settled(started, row, 60)
    audit(started, row)


def start_503(chaos, row):
    rentals = [Rental("chaos-%s-j5-%d" % (chaos.run, i)) for i in range(1, 3)]
    for r in rentals:
        r.quote_id = quote(r.user)["quote_id"]
    set_fault("hold-money-for-order", error_rate=1.0)
    first = parallel(lambda r: _start_once(r, timeout=90), rentals, 120)
    clear_faults()
    for r, ans in zip(rentals, first):
        code, body = ans if isinstance(ans, tuple) else (None, str(ans))
        log("  %s: start with holds 503 -> %s %s" % (r, code, short(body, 140)))
        if code != 503 or not isinstance(body, dict) or body.get("code") != "PAYMENTS_UNAVAILABLE":
            row.problem("other", r, "start with payments 503 answered %s %s, expected 503 PAYMENTS_UNAVAILABLE" % (
                code, short(body, 160)))
    again = parallel(lambda r: _start_once(r, timeout=90), rentals, 120)
    for r, ans in zip(rentals, again):
        code, body = ans if isinstance(ans, tuple) else (None, str(ans))
        log("  %s: the same key after recovery -> %s %s" % (r, code, short(body, 140)))
        if code != 200:
            row.problem("other", r, "the same key after recovery answered %s %s, expected 200 ACTIVE" % (
                code, short(body, 200)))
        st = stubs_state(r.id) or {}
        holds = [e for e in st.get("ledger", []) if e.get("order_id") == r.id and e.get("kind") == "HOLD"]
        if code == 200 and len(holds) != 1:
            row.problem("dup", r, "%d HOLD entries at the provider" % len(holds))
    started = [r for r in rentals if r.start_code == 200]
    for r in started:
        r.stop_sent_at = time.time()
        r.stop_code, body = stop_rental(r)
        r.receipt = body if r.stop_code == 200 else None
    wait_settled(started, row, 60)
    audit(started, row)


def temporal_down(chaos, row):
    if skipped_without_dev_server(row):
        return
    active = start_load(chaos.load("j6", 1, 0), row)
    fresh = Rental("chaos-%s-j6-new" % chaos.run)
    fresh.quote_id = quote(fresh.user)["quote_id"]
    rc = run_script(["scripts/temporal.sh", "stop"], 90)
    if rc != 0:
        raise ScenarioError("scripts/temporal.sh stop failed (exit %s)" % rc)
    try:
        time.sleep(1)
        calls = [("start", lambda: _start_once(fresh, timeout=8))]
        if active:
            calls.append(("stop", lambda: _stop_once(active[0], RETURN_STATION, active[0].stop_key, timeout=8)))
        for what, fn in calls:
            t0 = time.monotonic()
            code, body = fn()
            took = time.monotonic() - t0
            log("  %s with Temporal down: %s %s in %.1fs" % (what, code, short(body, 140), took))
            if code != 503 or not _json_error(body) or took > 5:
                row.problem("other", None, "%s with Temporal down answered %s %s after %.1fs, expected 503 JSON "
                            "within 5 s" % (what, code, short(body, 160), took))
    finally:
        rc = run_script(["scripts/temporal.sh", "start"], 240)
    if rc != 0:
        raise ScenarioError("scripts/temporal.sh start failed (exit %s)" % rc)
    wait_api_healthy(120)
    for r in active:
        r.stop_sent_at = time.time()
        r.stop_code, body = stop_rental(r)
        r.receipt = body if r.stop_code == 200 else None
    status = (get_view(fresh) or {}).get("status")
    if status:
        row.note("the start sent while Temporal was down (answer %s) left rental %s %s" % (
            fresh.start_code, fresh.id[:8], status))
    if status != "ACTIVE":
        # nothing was held or ejected while Temporal was down: the same key may be sent again (SPEC §4)
        code, body = _start_once(fresh, timeout=60)
        log("  the same start key with Temporal back: %s %s" % (code, short(body, 140)))
        if code != 200:
            row.problem("other", fresh, "the start key first sent while Temporal was down, sent again with "
                        "Temporal back, answered %s %s (rental %s); expected 200 ACTIVE" % (
                            code, short(body, 160), (get_view(fresh) or {}).get("status")))
        status = (get_view(fresh) or {}).get("status")
    if status == "ACTIVE":  # it bills: stop it, and audit it with the others
        fresh.start_code = 200
        fresh.stop_sent_at = time.time()
        fresh.stop_code, body = stop_rental(fresh)
        fresh.receipt = body if fresh.stop_code == 200 else None
        active.append(fresh)
    wait_settled(active, row, 60)
    audit(active, row)


SCENARIOS = [
    ("j", "j-eject-slow", "eject answers after 2.5 s: ACTIVE with the bank, or no bank left station-7", eject_slow),
    ("j", "j-stop-starting", "stops while the start is running: 409/404 or the receipt, never 5xx", stop_while_starting),
    ("j", "j-release-slow", "R_BUYOUT 3, release slowed 1.2 s, stop racing the buyout: one answer per key", release_slow),
    ("j", "j-stop-key-reuse", "a stop key reused for another rental or station: 422", stop_key_reuse),
    ("j", "j-start-503", "holds 503 during a start; after recovery the same key starts the rental", start_503),
    ("j", "j-temporal-down", "Temporal stopped: start and stop answer 503 JSON within 5 s", temporal_down),
]
