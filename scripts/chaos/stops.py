"""g: a stop arriving while a tick's charge runs."""

import time

from .common import *  # noqa: F401,F403
from .rentals import *  # noqa: F401,F403


# g. a stop arriving while a charge activity runs
def g(chaos, row):
    delay = 1.0
    landed = []

    def fault(active, row):
        set_fault(CLEAR, delay_ms=int(delay * 1000))
        sleep_logged(chaos.mode["run_sec"], "charges take 1 s")

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

    chaos.load_scenario(row, "g", fault, before_stop=timed_stops)
    if not landed:
        row.problem("other", None, "no stop arrived while a charge was running: scenario not exercised")


SCENARIOS = [
    ("g", "g-stop-charging", "a stop arriving while a charge activity runs", g),
]
