"""d: the payments service answers 503, then slowly."""

from .common import *  # noqa: F401,F403
from .rentals import *  # noqa: F401,F403


# d. payments 503 for a minute; then (new load) payments answering after 2 s
def d503(chaos, row):
    sec = chaos.mode["d503_sec"]

    def fault(active, row):
        set_fault(CLEAR, error_rate=1.0, duration_sec=sec)
        sleep_logged(sec, "payments answer 503")
        log_debt(active, "debt at the end of the outage")
        gone = wait_for(lambda: not [f for f in (stubs("GET", "/admin/faults")[1] or {}).get("faults", [])
                                     if f.get("endpoint") == CLEAR], 15, 1)
        if not gone:
            raise ScenarioError("the 503 fault did not expire")
        log("  payments recovered")

    chaos.load_scenario(row, "d", fault)

def dslow(chaos, row):
    sec = chaos.mode["dslow_sec"]

    def fault(active, row):
        set_fault(CLEAR, delay_ms=2000, duration_sec=sec)
        sleep_logged(sec, "payments answer after 2 s (read timeout 1.5 s)")
        log_debt(active, "debt at the end of the slow spell")
        clear_faults()
        log("  payments fast again")

    chaos.load_scenario(row, "s", fault)


SCENARIOS = [
    ("d", "d-503", "payments answer 503, then recover", d503),
    ("d", "d-slow", "payments answer after 2 s (read timeout 1.5 s), then recover", dslow),
]
