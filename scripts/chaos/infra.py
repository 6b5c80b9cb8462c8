"""b, c: the Temporal dev server and PostgreSQL go away mid-rental.

PostgreSQL is stopped or restarted only when the run was told it may: --pg-cluster VER/NAME (or
CHAOS_PG_CLUSTER=VER/NAME) must name the local cluster that serves the stack's database (the port
of DATABASE_URL, default 5432). Otherwise the scenario is skipped, loudly, naming the cluster it
would have restarted: the shared cluster on 5432 may serve other people's tests.
"""

import os
import subprocess
import time
import urllib.parse

from .common import *  # noqa: F401,F403
from .rentals import *  # noqa: F401,F403


def pg_cluster(chaos, row):
    """(version, name) of the local cluster the run may stop, or None with the row skipped."""
    url = os.environ.get("DATABASE_URL") or "postgres://powerbank:powerbank@127.0.0.1:5432/powerbank"
    p = urllib.parse.urlsplit(url)
    port = str(p.port or 5432)
    allowed = getattr(chaos.args, "pg_cluster", None) or os.environ.get("CHAOS_PG_CLUSTER") or ""
    found = None
    try:
        out = subprocess.run(["pg_lsclusters", "--no-header"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             text=True, timeout=20).stdout
        for line in out.splitlines():
            f = line.split()
            if len(f) >= 3 and f[2] == port:
                found = (f[0], f[1])
    except (OSError, subprocess.TimeoutExpired):
        pass
    if p.hostname not in ("127.0.0.1", "localhost", "::1") or not found:
        row.skipped = "the stack's database %s:%s is no local pg_lsclusters cluster: nothing this run may stop" % (
            p.hostname, port)
    elif allowed != "%s/%s" % found:
        row.skipped = ("REFUSED: this would stop/restart PostgreSQL cluster %s/%s (port %s, the stack's database), "
                       "which other tests may use. Pass --pg-cluster %s/%s (or CHAOS_PG_CLUSTER=%s/%s) if this "
                       "run may%s" % (found + (port,) + found + found + (
                           "; --pg-cluster %s names another cluster" % allowed if allowed else "",)))
    else:
        return found
    log("  !!! SKIP: " + row.skipped)
    return None


def pg_ctl(cluster, action):
    """pg_ctlcluster VER NAME stop|start|restart (as root, or through sudo), bounded."""
    cmd = ["pg_ctlcluster", cluster[0], cluster[1], action]
    if os.geteuid() != 0:
        cmd = ["sudo", "-n"] + cmd
    log("  $ " + " ".join(cmd))
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=120)
    except subprocess.TimeoutExpired:
        raise ScenarioError("%s did not finish within 120 s" % " ".join(cmd))
    if p.returncode != 0:
        raise ScenarioError("%s failed (exit %d): %s" % (" ".join(cmd), p.returncode, p.stdout.strip()[-300:]))


# b. restart of the Temporal dev server mid-rental
def b(chaos, row):
    if skipped_without_dev_server(row):
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
    cluster = pg_cluster(chaos, row)
    if not cluster:
        return

    def fault(active, row):
        t_fault = time.time()
        set_fault(CLEAR, delay_ms=1000)  # so the restart meets charges whose ledger write is due
        n = in_flight_moment(1, 3 * TICK_SEC, t_fault)
        log("  restarting PostgreSQL cluster %s/%s with %d charge(s) in flight" % (cluster + (n,)))
        pg_ctl(cluster, "restart")
        wait_api_healthy(120)
        clear_faults()

    chaos.load_scenario(row, "c", fault)


SCENARIOS = [
    ("b", "b-temporal", "restart of the Temporal dev server mid-rental", b),
    ("c", "c-postgres", "restart of PostgreSQL mid-rental", c),
]
