"""e, f: starts whose eject fails; concurrent starts and stops."""

import threading
import time
import uuid
import json

from .common import *  # noqa: F401,F403
from .rentals import *  # noqa: F401,F403


# e. eject failing after the hold
def e(chaos, row):
    failing = [Rental("chaos-%s-e-eject-%d" % (chaos.run, n)) for n in range(1, chaos.mode["e_starts"] + 1)]

    def fault(active, row):
        before = inventory(STATION)
        for r in failing:
            r.quote_id = quote(r.user)["quote_id"]
        set_fault("eject-powerbank", decline=True)
        parallel(lambda r: start_rental(r, retry_unavailable=False), failing, 120)
        # the same start again: the same answer (SPEC §6)
        again = parallel(lambda r: call("POST", API + "/api/v1/rentals/start", {"quote_id": r.quote_id},
                                        {"Idempotency-Key": r.key}, timeout=75, as_user=r.user),
                          failing, 120)
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

    chaos.load_scenario(row, "e", fault)

# f. 200 concurrent starts over 20 keys; concurrent repeated stops
def f(chaos, row):
    keys, per_key = chaos.mode["f_keys"], chaos.mode["f_per_key"]
    rentals = chaos.load("f", keys - keys // 7, keys // 7)
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
                    {"Idempotency-Key": r.key}, timeout=120, as_user=r.user)

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
            # a 503 (RENTAL_TIMEOUT) may be repeated with the same key; so may a 429 (the user's
            # start rate limit, issue 11: ten starts of one user at once exceed it)
            if all(c in (200, 503, 429, 0) for c in codes) and start_rental(r) == 200:
                ids.add(r.start_body.get("rental_id"))
                banks.add(r.start_body.get("powerbank_id"))
                retried = codes.count(503) + codes.count(0) + codes.count(429)
            else:
                row.problem("other", r, "start answers %s" % codes)
        if len(ids) == 1 and len(banks) == 1:
            r.start_code = 200
            r.start_body = next(a[1] for a in mine if isinstance(a, tuple) and a[0] == 200) \
                if 200 in codes else r.start_body
            r.id, r.powerbank_id = ids.pop(), banks.pop()
            r.started_at = parse_ts(r.start_body.get("started_at"))
            if retried:
                log("  %s: %d start(s) answered 503 or 429 and were repeated" % (r, retried))
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
    check_progress(started, row, chaos.mode["progress_timeout"], "with %d rentals" % len(started))
    concurrent_stops(started, row)
    wait_settled(started, row, chaos.mode["settle_timeout"])
    for r in started:
        verify(r, row)



SCENARIOS = [
    ("e", "e-eject", "eject failing after the hold", e),
    ("f", "f-concurrent", "concurrent starts over few idempotency keys, concurrent stops", f),
]
