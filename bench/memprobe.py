#!/usr/bin/env python3
"""Worker heap per cached rental (issue 8, "a rental costs well under 50 KB of worker memory").

  python3 bench/memprobe.py open N [--rate R]   open N rentals on station-fast (quote + start)
  python3 bench/memprobe.py measure LABEL       full GC on worker 1, then heap in use, the class
                                                histogram (top 60) and the SDK's sticky cache size,
                                                written to .run/mem/LABEL.*
  python3 bench/memprobe.py stop [--keep K]     stop the rentals this tool opened, all but the K oldest

Against the stack `make run` started (API_PORT, STUBS_PORT, WORKER_BASE_PORT as in
scripts/common.sh). Gentle on purpose (a few starts per second): it measures memory, not speed.
"""

import json
import os
import re
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import stack  # noqa: E402

STATION = "station-fast"
OUT = os.path.join(stack.RUN_DIR, "mem")
OPENED = os.path.join(OUT, "opened.jsonl")


def open_one(i, tag):
    user = "mem-%s-%d" % (tag, i)
    hdr = stack.bearer(user)
    code, q = post("/api/v1/rentals/quote", {"user_id": user, "station_id": STATION}, hdr)
    if code != 200:
        return None, "quote %s %s" % (code, q)
    hdr = dict(hdr, **{"Idempotency-Key": str(uuid.uuid4())})
    code, s = post("/api/v1/rentals/start", {"quote_id": q["quote_id"]}, hdr)
    if code != 200:
        return None, "start %s %s" % (code, s)
    return (user, s["rental_id"]), None


def post(path, body, headers):
    import urllib.error
    import urllib.request

    req = urllib.request.Request(stack.API + path, data=json.dumps(body).encode(), method="POST",
                                 headers=dict({"Content-Type": "application/json"}, **headers))
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, e.read()[:200]


def cmd_open(n, rate):
    os.makedirs(OUT, exist_ok=True)
    stack.stubs_admin("PUT", "/admin/stations/" + STATION, {"available_powerbanks": 1000000})
    tag = uuid.uuid4().hex[:6]
    stack.tokens_for(["mem-%s-%d" % (tag, i) for i in range(n)])
    ok, errs, t0 = 0, [], time.time()
    with ThreadPoolExecutor(8) as pool, open(OPENED, "a") as f:
        futs = []
        for i in range(n):
            futs.append(pool.submit(open_one, i, tag))
            time.sleep(1.0 / rate)
        for fu in futs:
            res, err = fu.result()
            if res:
                ok += 1
                f.write(json.dumps({"user": res[0], "rental": res[1]}) + "\n")
            else:
                errs.append(err)
    print("opened %d of %d in %.0f s; errors: %s" % (ok, n, time.time() - t0, errs[:3]))


def jcmd(pid, *args):
    return subprocess.run(["jcmd", str(pid)] + list(args), capture_output=True, text=True, check=True).stdout


def cmd_measure(label):
    os.makedirs(OUT, exist_ok=True)
    pid = stack.worker_pid(1)
    jcmd(pid, "GC.run")
    time.sleep(2)
    jcmd(pid, "GC.run")
    heap = jcmd(pid, "GC.heap_info")
    hist = jcmd(pid, "GC.class_histogram")
    m = re.search(r"used (\d+)K", heap)
    used_kb = int(m.group(1)) if m else None
    prom = subprocess.run(["curl", "-s", "http://127.0.0.1:%d/actuator/prometheus" % (stack.WORKER_BASE_PORT + 1)],
                          capture_output=True, text=True).stdout
    sticky = re.search(r"^temporal_sticky_cache_size\{[^}]*\} ([0-9.]+)", prom, re.M)
    threads = re.search(r"^jvm_threads_live_threads\{[^}]*\} ([0-9.]+)", prom, re.M)
    open_n = int(stack.psql("SELECT count(*) FROM rentals WHERE status = 'ACTIVE'")[0][0])
    with open(os.path.join(OUT, label + ".heap.txt"), "w") as f:
        f.write(heap)
    with open(os.path.join(OUT, label + ".histo.txt"), "w") as f:
        f.write("\n".join(hist.splitlines()[:63]) + "\n")
    rss_kb = int(re.search(r"VmRSS:\s+(\d+)", open("/proc/%d/status" % pid).read()).group(1))
    res = {"label": label, "at": time.time(), "heap_used_kb": used_kb, "rss_kb": rss_kb,
           "sticky_cache": float(sticky.group(1)) if sticky else None, "active_rentals": open_n,
           "live_threads": float(threads.group(1)) if threads else None}
    with open(os.path.join(OUT, "results.jsonl"), "a") as f:
        f.write(json.dumps(res) + "\n")
    print(json.dumps(res))


def cmd_stop(keep):
    """Stops every rental this tool opened but the first `keep` (oldest first)."""
    rows = [json.loads(line) for line in open(OPENED)] if os.path.exists(OPENED) else []
    kept, rows = rows[:keep], rows[keep:]

    def stop(r):
        hdr = dict(stack.bearer(r["user"]), **{"Idempotency-Key": str(uuid.uuid4())})
        return post("/api/v1/rentals/stop", {"rental_id": r["rental"], "station_id": STATION}, hdr)[0]

    with ThreadPoolExecutor(8) as pool:
        codes = list(pool.map(stop, rows))
    print("stopped %d: %s" % (len(rows), {c: codes.count(c) for c in set(codes)}))
    with open(OPENED, "w") as f:
        f.writelines(json.dumps(r) + "\n" for r in kept)


if __name__ == "__main__":
    what = sys.argv[1]
    if what == "open":
        rate = float(sys.argv[sys.argv.index("--rate") + 1]) if "--rate" in sys.argv else 10
        cmd_open(int(sys.argv[2]), rate)
    elif what == "measure":
        cmd_measure(sys.argv[2])
    elif what == "stop":
        cmd_stop(int(sys.argv[sys.argv.index("--keep") + 1]) if "--keep" in sys.argv else 0)
    else:
        sys.exit(__doc__)
