"""b, c: the Temporal dev server and PostgreSQL go away mid-rental."""

import os
import time

from .common import *  # noqa: F401,F403
from .rentals import *  # noqa: F401,F403


# b. restart of the Temporal dev server mid-rental
def b(chaos, row):
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
            sleep_logged(chaos.mode["temporal_down_sec"], "Temporal down")
        finally:
            rc = run_script(["scripts/temporal.sh", "start"], 240)
        if rc != 0:
            raise ScenarioError("scripts/temporal.sh start failed (exit %s)" % rc)
        wait_api_healthy(120)
        clear_faults()

    chaos.load_scenario(row, "b", fault)

# c. restart of PostgreSQL mid-rental
def c(chaos, row):
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

    chaos.load_scenario(row, "c", fault)



SCENARIOS = [
    ("b", "b-temporal", "restart of the Temporal dev server mid-rental", b),
    ("c", "c-postgres", "restart of PostgreSQL mid-rental", c),
]
