"""The stack under test: its addresses (scripts/common.sh's variables), the stubs' admin API, the
read model (psql) and the worker copies (scripts/run.sh, kill -9)."""

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
from chaos.common import pid_of, worker_name  # noqa: E402 (the chaos tools' pid and name rules)
from tokens import bearer, token_for  # noqa: E402 (scripts/tokens.py: one token cache for all tools)
RUN_DIR = os.path.join(ROOT, ".run")
API = "http://127.0.0.1:%s" % os.environ.get("API_PORT", "8000")
STUBS = "http://127.0.0.1:%s" % os.environ.get("STUBS_PORT", "3629")
WORKER_BASE_PORT = int(os.environ.get("WORKER_BASE_PORT", "8080"))
DB_URL = os.environ.get("DATABASE_URL") or "postgres://powerbank:powerbank@127.0.0.1:5432/powerbank"


def http(method, url, body=None, timeout=60):
    """(status, parsed JSON or None)."""
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            raw = r.read()
            code = r.status
    except urllib.error.HTTPError as e:
        raw, code = e.read(), e.code
    try:
        return code, json.loads(raw) if raw else None
    except ValueError:
        return code, None


def tokens_for(users):
    """Tokens of many users, fetched 8 at a time before an attack (so the attack measures the api)."""
    with ThreadPoolExecutor(8) as pool:
        return dict(zip(users, pool.map(token_for, users)))




def stubs_admin(method, path, body=None):
    code, out = http(method, STUBS + path, body)
    if code != 200:
        raise RuntimeError("stubs %s %s answered %s: %s" % (method, path, code, out))
    return out


def epoch(ts):
    """ISO-8601 (the API's and the stubs' Instant) to epoch seconds; None stays None."""
    if not ts:
        return None
    return datetime.fromisoformat(ts.replace("Z", "+00:00")).timestamp()


def db_name():
    return urllib.parse.urlsplit(DB_URL).path.strip("/")


def psql(sql):
    """Rows of one query on the stack's database (tab-separated)."""
    p = urllib.parse.urlsplit(DB_URL)
    env = dict(os.environ, PGPASSWORD=urllib.parse.unquote(p.password or ""))
    out = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-F", "\t", "-v", "ON_ERROR_STOP=1",
                          "-h", p.hostname or "127.0.0.1", "-p", str(p.port or 5432),
                          "-U", urllib.parse.unquote(p.username or ""), "-d", db_name(), "-c", sql],
                         check=True, stdout=subprocess.PIPE, text=True, env=env).stdout
    return [line.split("\t") for line in out.splitlines() if line]


def bench_rentals(prefix):
    """{rental id: (started_at, finished_at)} of the users named prefix*, from the read model."""
    rows = psql("SELECT rental_id, extract(epoch FROM started_at), extract(epoch FROM finished_at) "
                "FROM rentals WHERE user_id LIKE '%s%%' AND started_at IS NOT NULL" % prefix)
    return {r[0]: (float(r[1]), float(r[2]) if r[2] else None) for r in rows}


def bench_owners(prefix):
    """{rental id: user id} of the users named prefix*, from the read model."""
    return dict(psql("SELECT rental_id, user_id FROM rentals WHERE user_id LIKE '%s%%'" % prefix))


def open_count(prefix):
    return int(psql("SELECT count(*) FROM rentals WHERE status = 'ACTIVE' AND user_id LIKE '%s%%'" % prefix)[0][0])


def worker_pid(i):
    """The live pid of worker copy i, or None: chaos.common.pid_of checks the command line and
    skips zombies, so a stale pid file never sends kill -9 to an unrelated process."""
    return pid_of(worker_name(i))


def metrics_urls():
    """The actuator prometheus URL of every live worker copy."""
    urls = []
    for i in range(1, 10):
        if worker_pid(i):
            urls.append("http://127.0.0.1:%d/actuator/prometheus" % (WORKER_BASE_PORT + i))
    return urls


def start_workers(n):
    """Starts worker copies up to n with make run's script (jars already built); waits for health."""
    env = dict(os.environ, WORKERS=str(n), SKIP_BUILD="1")
    subprocess.run([os.path.join(ROOT, "scripts", "run.sh")], check=True, env=env, stdout=subprocess.DEVNULL)


def stop_worker(i):
    """Graceful stop of copy i (SIGTERM, as make stop does)."""
    subprocess.run(["bash", "-c", '. "%s/scripts/common.sh" && stop_service %s' % (ROOT, worker_name(i))],
                   check=True)


def kill9_worker(i):
    """kill -9 of copy i; returns when it is gone."""
    pid = worker_pid(i)
    if pid is None:
        raise RuntimeError("%s is not running" % worker_name(i))
    os.kill(pid, signal.SIGKILL)
    for _ in range(50):
        try:
            os.kill(pid, 0)
            time.sleep(0.1)
        except OSError:
            break
    return pid
