"""a: kill -9 of a worker copy while charges are in flight."""

import os
import threading
import time

from .common import *  # noqa: F401,F403
from .rentals import *  # noqa: F401,F403


#    the final charges of the stops are in flight
def a(chaos, row):
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
        check_progress(active, row, chaos.mode["progress_timeout"], "on the other worker copy")
        restart(victim)

    def stop_and_kill(active, row):
        since = time.time()
        stopper = threading.Thread(target=stop_all, args=(active, row), daemon=True)
        stopper.start()
        victim = kill_busiest(active, row, since, "final charge(s)", ":final")
        stopper.join(300)
        restart(victim)
        clear_faults()

    chaos.load_scenario(row, "a", fault, before_stop=stop_and_kill)


SCENARIOS = [
    ("a", "a-kill-worker", "kill -9 of one worker while charges are in flight, then restart it", a),
]
