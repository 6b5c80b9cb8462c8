"""CPU time and RSS of the stack's processes from /proc: api, worker copies, the Temporal server,
the PostgreSQL backends connected to the stack's database, and those serving Temporal's own
databases when it runs on PostgreSQL (scripts/temporal-postgres.sh)."""

import os
import glob

CLK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")


def _pid_file(run_dir, name):
    try:
        with open(os.path.join(run_dir, "pids", name + ".pid")) as f:
            pid = int(f.readline().strip())
    except (OSError, ValueError):
        return None
    return pid if os.path.exists("/proc/%d" % pid) else None


def _tree(pid):
    """pid and its descendants (the temporal CLI may run the server in a child)."""
    children = {}
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            with open(stat) as f:
                parts = f.read().rsplit(")", 1)[1].split()
            children.setdefault(int(parts[1]), []).append(int(stat.split("/")[2]))
        except (OSError, IndexError, ValueError):
            continue
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def _cpu_rss(pid):
    """(cpu ms, rss MB) of one process, or (0, 0) when it is gone."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            parts = f.read().rsplit(")", 1)[1].split()
        cpu = (int(parts[11]) + int(parts[12])) * 1000.0 / CLK
        rss = int(parts[21]) * PAGE / 1048576.0
        return cpu, rss
    except (OSError, IndexError, ValueError):
        return 0.0, 0.0


def _temporal_databases(run_dir):
    """Databases of a PostgreSQL-backed Temporal server (scripts/temporal-postgres.sh writes them
    while it runs), or none for the dev server (its SQLite is inside its own process)."""
    try:
        with open(os.path.join(run_dir, "temporal", "mode")) as f:
            if f.read().strip() != "postgres":
                return []
        with open(os.path.join(run_dir, "temporal", "postgres-databases")) as f:
            return [line.strip() for line in f if line.strip()]
    except OSError:
        return []


def _postgres_backends(*db_names):
    """Backends whose title names one of the databases ('postgres: user db host(port) state')."""
    if not db_names:
        return []
    pids = []
    for cmd in glob.glob("/proc/[0-9]*/cmdline"):
        try:
            with open(cmd, "rb") as f:
                c = f.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if c.startswith("postgres: ") and any((" %s " % d) in c for d in db_names):
            pids.append(int(cmd.split("/")[2]))
    return pids


def groups(run_dir, db_name):
    """{group: [pids]} for api, worker (all copies), temporal, postgres (the stack's database) and
    temporal_db (the backends serving a PostgreSQL-backed Temporal server's databases)."""
    g = {"api": [], "worker": [], "temporal": [], "postgres": _postgres_backends(db_name),
         "temporal_db": _postgres_backends(*_temporal_databases(run_dir))}
    for name in ("api", "temporal"):
        pid = _pid_file(run_dir, name)
        if pid:
            g[name] = _tree(pid)
    for f in glob.glob(os.path.join(run_dir, "pids", "worker*.pid")):
        pid = _pid_file(run_dir, os.path.basename(f)[:-4])
        if pid:
            g["worker"].extend(_tree(pid))
    return g


class CpuMeter:
    """CPU ms per group between start() and stop(). Processes are tracked by pid, so a backend
    that ends in between loses its last slice (PostgreSQL's pooled connections stay)."""

    def __init__(self, run_dir, db_name):
        self.run_dir, self.db_name = run_dir, db_name
        self.before = {}

    def _sample(self):
        out = {}
        for group, pids in groups(self.run_dir, self.db_name).items():
            for pid in pids:
                out[(group, pid)] = _cpu_rss(pid)
        return out

    def start(self):
        self.before = self._sample()

    def stop(self):
        """{group: {"cpu_ms", "rss_mb"}} since start()."""
        after = self._sample()
        res = {}
        for (group, pid), (cpu, rss) in after.items():
            r = res.setdefault(group, {"cpu_ms": 0.0, "rss_mb": 0.0})
            r["cpu_ms"] += cpu - self.before.get((group, pid), (0.0, 0.0))[0]  # a new process: all of it
            r["rss_mb"] += rss
        return res
