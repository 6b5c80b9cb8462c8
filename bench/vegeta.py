"""Open-model fixed-rate HTTP load with vegeta (pinned, installed by scripts/bench.sh).

attack() writes one JSON target per request (vegeta's -format=json: method, url, base64 body,
headers), runs `vegeta attack -rate R/s -duration D`, and returns the per-request results decoded
from `vegeta encode --to json`, by hit number: code, latency (seconds), timestamp (epoch seconds) and body.
vegeta numbers a hit apart from taking its target, so hits fired at the same instant may pair a
few targets with neighbouring numbers: read whom an answer is for from the answer itself.
"""

import base64
import json
import os
import subprocess
import time

VEGETA = os.environ.get("VEGETA") or "vegeta"


def target(method, url, body=None, headers=None):
    """One vegeta JSON target; body is a dict sent as JSON."""
    t = {"method": method, "url": url, "header": {"Content-Type": ["application/json"]}}
    for k, v in (headers or {}).items():
        t["header"][k] = [v]
    if body is not None:
        t["body"] = base64.b64encode(json.dumps(body).encode()).decode()
    return t


class Result:
    """One request's outcome: code (0 = no answer), latency_s, at (epoch seconds), body (parsed
    JSON or None), error text."""

    __slots__ = ("seq", "code", "latency_s", "at", "body", "error")

    def __init__(self, raw):
        self.seq = raw.get("seq") or 0
        self.code = raw.get("code") or 0
        self.latency_s = (raw.get("latency") or 0) / 1e9
        ts = raw.get("timestamp") or ""
        self.at = _epoch(ts)
        self.error = raw.get("error") or ""
        self.body = None
        b = raw.get("body")
        if b:
            try:
                self.body = json.loads(base64.b64decode(b))
            except ValueError:
                self.body = None


def _epoch(ts):
    """RFC 3339 with nanoseconds (vegeta's timestamp) to epoch seconds."""
    from datetime import datetime

    if not ts:
        return 0.0
    main, _, frac = ts.partition(".")
    tz = ""
    if frac:
        for i, c in enumerate(frac):
            if not c.isdigit():
                frac, tz = frac[:i], frac[i:]
                break
    else:
        for sep in ("Z", "+", "-"):
            idx = main.rfind(sep)
            if idx > 10:
                main, tz = main[:idx], main[idx:]
                break
    tz = "+00:00" if tz in ("Z", "") else tz
    base = datetime.fromisoformat(main + tz).timestamp()
    return base + (float("0." + frac) if frac else 0.0)


def attack(name, targets, rate, duration_s, workdir, timeout_s=60):
    """Sends targets at a fixed rate for duration_s (open model: requests go out on schedule
    whatever the answers take); rate x duration_s requests, so each target once when duration_s is
    len(targets) / rate. Returns (results, wall seconds)."""
    os.makedirs(workdir, exist_ok=True)
    tfile = os.path.join(workdir, name + ".targets")
    bfile = os.path.join(workdir, name + ".bin")
    with open(tfile, "w") as f:
        for t in targets:
            f.write(json.dumps(t) + "\n")
    t0 = time.time()
    subprocess.run([VEGETA, "attack", "-format=json", "-targets=" + tfile, "-rate=%d/s" % rate,
                    "-duration=%dms" % round(duration_s * 1000), "-timeout=%ds" % timeout_s, "-keepalive=true",
                    "-max-body=-1", "-output=" + bfile, "-name=" + name], check=True)
    wall = time.time() - t0
    p = subprocess.run([VEGETA, "encode", "--to", "json", bfile], check=True, stdout=subprocess.PIPE)
    results = [Result(json.loads(line)) for line in p.stdout.splitlines() if line.strip()]
    results.sort(key=lambda r: r.seq)  # hit order, nearly the targets' order (see the docstring)
    return results, wall
