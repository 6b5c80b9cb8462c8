"""make bench: how many rentals one box bills on time (issue 8).

Against the stack `make run` started (ports from scripts/common.sh's variables), in phases:

  api       fixed-rate API latency on a warm stack: quote, start, status GET, stop (vegeta)
  levels    open rentals ramped to each level on station-fast (a charge every tick), each held
            for hold_ticks ticks: tick lag from the provider's ledger, missing ticks, CPU-ms per
            rental-tick per process, RSS, the SDK's schedule-to-start and sticky cache hit rate
  fleet     at one level: the same load on 1, 2 (and 3) worker copies, then kill -9 of copy 1:
            seconds until tick lag is back under 1 s; no tick charged twice or skipped (ledger),
            and scripts/chaos/audit.py on a sample stopped after the kill

Prints each figure as it comes; writes results.json, PNG plots and the tables
(BENCHMARKS.md between its bench markers for a full run, .run/bench/<run>/BENCHMARKS.md for
--short). Takes over the stubs (POST /admin/reset); puts their BILLING_TICK_SEC and QUOTE_TTL_SEC back
at the end (station-fast keeps its raised inventory).

  python3 bench/bench.py [--short] [--levels 1000,3000,10000|none] [--skip api,fleet] [--tick S]
                         [--rates quote=200,start=50,status=500,stop=50] [--out DIR]

Only a whole full run (none of --levels, --skip, --tick, --rates) rewrites BENCHMARKS.md.
"""

import argparse
import json
import os
import sys
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import metrics  # noqa: E402
import procs  # noqa: E402
import report  # noqa: E402
import stack  # noqa: E402
import vegeta  # noqa: E402
from stats import latency_summary  # noqa: E402
from ticks import Ticks  # noqa: E402

STATION = "station-fast"  # 3600/h, no free minutes, deposit 100: a charge every tick

MODES = {
    "full": dict(tick=30, warm_s=10, api_s=60, rates=dict(quote=200, start=50, status=500, stop=50),
                 levels=[1000, 3000, 10000], hold_ticks=10, quote_rate=200, ramp_rate=50, ramp_max_s=300,
                 fleet_level=3000, fleet_max=3, fleet_hold_s=90, fleet_watch_s=120, audit_sample=100,
                 final_stop_s=0),
    "short": dict(tick=10, warm_s=5, api_s=15, rates=dict(quote=50, start=10, status=100, stop=10),
                  levels=[100, 300], hold_ticks=3, quote_rate=100, ramp_rate=20, ramp_max_s=60,
                  fleet_level=300, fleet_max=2, fleet_hold_s=30, fleet_watch_s=30, audit_sample=20,
                  final_stop_s=30),
}


def _round(value, digits):
    return None if value is None else round(value, digits)


def log(msg):
    print("[%s] %s" % (time.strftime("%H:%M:%S"), msg), flush=True)


class Bench:
    """One run: its settings, what it started, and every figure it measured."""

    def __init__(self, mode, cfg, out):
        self.mode, self.cfg, self.out = mode, cfg, out
        self.run_id = time.strftime("%H%M%S")
        self.prefix = "bench-%s-" % self.run_id
        self.seq = 0
        self.open_ids = []  # rental ids started by the bench and not stopped (oldest first)
        self.owner = {}  # quote or rental id -> its user, whose token calls for it (issue 11)
        self.res = {"mode": mode, "cfg": cfg, "started": time.time(), "api": [], "levels": [], "fleet": [],
                    "ramps": [], "load": [], "latencies": {}}
        self.cpu = procs.CpuMeter(stack.RUN_DIR, stack.db_name())

    # ---- helpers ----------------------------------------------------------------------------

    def users(self, n, tag):
        self.seq += n
        return ["%s%s%d" % (self.prefix, tag, i) for i in range(self.seq - n, self.seq)]

    def attack(self, name, targets, rate, duration_s):
        log("%s: %d requests at %d/s" % (name, len(targets), rate))
        self.cpu.start()
        results, _ = vegeta.attack(name, targets, rate, duration_s, self.out)
        cpu = self.cpu.stop()
        s = latency_summary(name, results, rate, duration_s)
        # All the stack's CPU while the phase ran (ticks of open rentals included), per request.
        s["cpu_ms_per_request"] = {g: v["cpu_ms"] / max(1, len(results)) for g, v in cpu.items()}
        log("  %s: achieved %.1f/s of %d/s, p50 %.1f ms, p99 %.1f ms, max %.1f ms, errors %s; cpu ms/request %s" % (
            name, s["achieved_rate"], rate, s["p50_ms"] or 0, s["p99_ms"] or 0, s["max_ms"] or 0, s["errors"] or "none",
            {g: round(v, 2) for g, v in s["cpu_ms_per_request"].items()}))
        self.res["latencies"][name] = [round(r.latency_s * 1000, 2) for r in results]
        return results, s

    def quotes(self, n, rate, tag, name=None):
        """n quotes (one new user each, with its token) at rate/s; returns (quote ids, summary)."""
        users = self.users(n, tag)
        log("%s: fetching tokens for %d new users" % (name or "quote-" + tag, n))
        stack.tokens_for(users)
        targets = [vegeta.target("POST", stack.API + "/api/v1/rentals/quote", {"user_id": u, "station_id": STATION},
                                 stack.bearer(u)) for u in users]
        results, s = self.attack(name or "quote-%s" % tag, targets, rate, n / float(rate))
        # vegeta numbers its hits apart from the targets it takes, so a few answers may come back
        # out of the targets' order: each answer names its own user and quote.
        ids = []
        for r in results:
            if r.code == 200 and isinstance(r.body, dict):
                self.owner[r.body["quote_id"]] = r.body["user_id"]
                ids.append(r.body["quote_id"])
        return ids, s

    def starts(self, quote_ids, rate, name):
        targets = [vegeta.target("POST", stack.API + "/api/v1/rentals/start", {"quote_id": q},
                                 dict(stack.bearer(self.owner[q]), **{"Idempotency-Key": str(uuid.uuid4())}))
                   for q in quote_ids]
        results, s = self.attack(name, targets, rate, len(targets) / float(rate))
        # The answers name their rentals; whose each one is comes from the read model (see quotes()
        # on the answers' order). A started rental's row is written before its start is answered.
        started = [r.body["rental_id"] for r in results if r.code == 200 and isinstance(r.body, dict)]
        owners = stack.bench_owners(self.prefix)
        ids = [i for i in started if i in owners]
        if len(ids) < len(started):
            log("  %d started rentals not in the read model yet: left out" % (len(started) - len(ids)))
        for i in ids:
            self.owner[i] = owners[i]
        self.open_ids.extend(ids)
        return ids, s

    def stops(self, ids, rate, name):
        targets = [vegeta.target("POST", stack.API + "/api/v1/rentals/stop", {"rental_id": i, "station_id": STATION},
                                 dict(stack.bearer(self.owner[i]), **{"Idempotency-Key": str(uuid.uuid4())}))
                   for i in ids]
        results, s = self.attack(name, targets, rate, len(targets) / float(rate))
        gone = set(ids)
        self.open_ids = [i for i in self.open_ids if i not in gone]
        return results, s

    def load(self, what):
        la = os.getloadavg()
        self.res["load"].append({"at": time.time(), "what": what, "load1": la[0], "load5": la[1], "load15": la[2]})
        log("load average %.2f %.2f %.2f (%s)" % (la[0], la[1], la[2], what))

    def window(self, name, seconds, **extra):
        """Holds for `seconds` while measuring CPU, RSS and the SDK's metrics; returns the window."""
        before = metrics.scrape(stack.metrics_urls())
        self.cpu.start()
        t0 = time.time()
        log("%s: holding %ds with %d open bench rentals" % (name, seconds, stack.open_count(self.prefix)))
        time.sleep(seconds)
        t1 = time.time()
        cpu = self.cpu.stop()
        sdk = metrics.delta(before, metrics.scrape(stack.metrics_urls()))
        w = dict(name=name, t0=t0, t1=t1, cpu=cpu, sdk=sdk, open=stack.open_count(self.prefix),
                 workers=len(stack.metrics_urls()), load1=os.getloadavg()[0], **extra)
        log("  %s: cpu ms %s; schedule-to-start mean %s s, sticky hit rate %s, heap %.0f MB" % (
            name, {k: round(v["cpu_ms"]) for k, v in cpu.items()}, _round(sdk["s2s_mean_s"], 3), _round(sdk["sticky_hit_rate"], 3),
            sdk["heap_used_mb"]))
        return w

    # ---- phases -----------------------------------------------------------------------------

    def setup(self):
        # The configs the bench changes are put back by finish() (a PUT of nothing reads them).
        self.configs_before = stack.stubs_admin("PUT", "/admin/configs", {})
        stack.stubs_admin("POST", "/admin/reset")
        stack.stubs_admin("PUT", "/admin/configs", {"BILLING_TICK_SEC": self.cfg["tick"], "QUOTE_TTL_SEC": 1800})
        stack.stubs_admin("PUT", "/admin/stations/" + STATION, {"available_powerbanks": 1000000})
        for i in range(2, 10):
            if stack.worker_pid(i):
                log("stopping %s: the bench starts on one worker copy" % stack.worker_name(i))
                stack.stop_worker(i)
        self.load("start")

    def api(self):
        c, rates, d = self.cfg, self.cfg["rates"], self.cfg["api_s"]
        w = c["warm_s"]
        qs, _ = self.quotes(rates["quote"] // 4 * w, rates["quote"] // 4, "w", "warm-quote")
        ids, _ = self.starts(qs[: rates["start"] // 4 * w], rates["start"] // 4, "warm-start")
        self.stops(ids, rates["stop"] // 4, "warm-stop")
        qs, s = self.quotes(rates["quote"] * d, rates["quote"], "q", "quote")
        self.res["api"].append(s)
        ids, s = self.starts(qs[: rates["start"] * d], rates["start"], "start")
        self.res["api"].append(s)
        reads = [vegeta.target("GET", stack.API + "/api/v1/rentals/" + ids[i % len(ids)], None,
                               stack.bearer(self.owner[ids[i % len(ids)]]))
                 for i in range(rates["status"] * d)] if ids else []
        if reads:
            _, s = self.attack("status", reads, rates["status"], d)
            self.res["api"].append(s)
        _, s = self.stops(ids[: rates["stop"] * d], rates["stop"], "stop")
        self.res["api"].append(s)
        self.load("after api")

    def ramp(self, level):
        """Starts rentals until `level` are open (bounded by ramp_max_s); returns how many are."""
        c = self.cfg
        need = level - stack.open_count(self.prefix)
        need = min(need, c["ramp_rate"] * c["ramp_max_s"])
        if need > 0:
            t0 = time.time()
            qs, _ = self.quotes(need, c["quote_rate"], "r%d-" % level, "ramp-quote-%d" % level)
            ids, s = self.starts(qs, c["ramp_rate"], "ramp-start-%d" % level)
            s.update(level=level, seconds=time.time() - t0)
            self.res["ramps"].append(s)
        n = stack.open_count(self.prefix)
        log("level %d: %d bench rentals open" % (level, n))
        return n

    def level(self, level):
        opened = self.ramp(level)
        w = self.window("level-%d" % level, self.cfg["hold_ticks"] * self.cfg["tick"], level=level, opened=opened)
        self.res["levels"].append(w)
        self.load("after level %d" % level)

    def fleet(self):
        c = self.cfg
        for n in range(2, c["fleet_max"] + 1):
            log("fleet: starting worker copy %d" % n)
            stack.start_workers(n)
            time.sleep(c["tick"])  # workflows move to the new copy as their tasks come
            self.res["fleet"].append(self.window("fleet-%d-workers" % n, c["fleet_hold_s"], workers_n=n))
        sample = list(self.open_ids[: c["audit_sample"]])
        pid = stack.kill9_worker(1)
        t_kill = time.time()
        log("fleet: kill -9 of worker copy 1 (pid %d) under load" % pid)
        w = self.window("fleet-kill9", c["fleet_watch_s"], kill_at=t_kill, killed_pid=pid)
        self.res["fleet"].append(w)
        self.res["kill_at"] = t_kill
        results, _ = self.stops(sample, 20, "audit-stop")
        self.res["audit"] = self.audit(sample, results)
        log("fleet: back to one worker copy")
        stack.start_workers(1)
        for i in range(2, c["fleet_max"] + 1):
            stack.stop_worker(i)

    def audit(self, ids, stop_results):
        """scripts/chaos/audit.py on rentals stopped after the kill: provider ledger == attempts ==
        paid, no key charged twice, total == due(stopped duration), nothing left on hold."""
        sys.path.insert(0, os.path.join(stack.ROOT, "scripts"))
        os.environ.setdefault("DATABASE_URL", stack.DB_URL)
        from chaos import audit as chaos_audit
        from chaos.rentals import Rental, Row

        by_id = {}
        for rid, r in zip(ids, stop_results):
            rid = (r.body or {}).get("rental_id") or rid if isinstance(r.body, dict) else rid
            x = Rental(self.owner.get(rid, "bench"))  # read back with its owner's token (issue 11)
            x.id, x.start_code, x.stop_code, x.receipt, x.stop_sent_at = rid, 200, r.code, r.body, r.at
            by_id[rid] = x
        time.sleep(5)  # settlement after the receipt (capture, release)
        row = Row("bench-fleet")
        chaos_audit.audit(list(by_id.values()), row, chaos_audit.Terms(), stop_slack=120.0)
        out = {"rentals": row.rentals, "charges": row.charges, "problems": row.problems, "counts": row.counts}
        log("audit of %d rentals stopped after the kill: %s" % (row.rentals, row.counts))
        return out

    def restore_configs(self):
        """Puts back the stubs' BILLING_TICK_SEC and QUOTE_TTL_SEC as they were before the run."""
        keep = {k: self.configs_before[k] for k in ("BILLING_TICK_SEC", "QUOTE_TTL_SEC") if k in self.configs_before}
        if keep:
            stack.stubs_admin("PUT", "/admin/configs", keep)
            log("stubs' configs put back: %s" % keep)

    def finish(self):
        log("reading the provider's ledger and the read model")
        end = time.time()
        state = stack.stubs_admin("GET", "/admin/state")
        ledger = [{"kind": e.get("kind"), "idempotency_key": e.get("idempotency_key"), "at": stack.epoch(e.get("at"))}
                  for e in state.get("ledger", [])]
        rentals = stack.bench_rentals(self.prefix)
        t = Ticks(rentals, ledger, self.cfg["tick"], end)
        for w in self.res["levels"] + self.res["fleet"]:
            w["ticks"] = t.window(w["t0"], w["t1"])
            w["ticks"]["charges"] = t.charged_between(w["t0"], w["t1"])
            log("%s: tick lag %s" % (w["name"], w["ticks"]))
        if "kill_at" in self.res:
            k = self.res["kill_at"]
            self.res["recovery_s"] = t.recovery_s(k, k + self.cfg["fleet_watch_s"])
            log("after kill -9: tick lag back under 1 s after %s s" % self.res["recovery_s"])
        self.res["duplicates"] = t.duplicates()
        self.res["skipped"] = t.skipped()
        log("ticks charged twice: %d; ticks skipped: %d" % (len(self.res["duplicates"]), len(self.res["skipped"])))
        t0 = self.res["started"]
        self.res["timeline"] = [(round(a - t0, 1), round(b, 3)) for a, b in t.timeline(t0, end)]
        self.res["ended"] = end
        left = list(self.open_ids)
        cap = 100 * self.cfg["final_stop_s"]
        if left and cap:
            self.stops(left[:cap], 100, "final-stop")
        if len(left) > cap:
            log("left %d bench rentals running (make stop; they bill on at the next make run)" % (len(left) - cap))


def parse_rates(ap, text, known):
    """--rates "start=50,stop=50" as {phase: requests per second}; an argparse error otherwise."""
    rates = {}
    for item in text.split(","):
        name, _, value = item.partition("=")
        if name not in known or not value.isdigit() or int(value) < 1:
            ap.error("--rates takes phase=rate pairs (phases %s, rates whole numbers >= 1); got %r"
                     % (", ".join(sorted(known)), item))
        rates[name] = int(value)
    return rates


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--short", action="store_true", help="a few hundred rentals, under 5 minutes (CI)")
    ap.add_argument("--levels", help="comma-separated open-rental levels (default per mode), or none")
    ap.add_argument("--skip", default="", help="phases to skip: api,fleet")
    ap.add_argument("--out", help="run directory (default .run/bench/<mode>-<time>)")
    ap.add_argument("--tick", type=int, help="BILLING_TICK_SEC for the run (default per mode); e.g. 3600 for an "
                    "API-only run whose started rentals do not bill meanwhile")
    ap.add_argument("--rates", help="API phase rates per second, e.g. start=50,stop=50 (default per mode)")
    args = ap.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    if skip - {"api", "fleet"}:
        ap.error("--skip takes api and/or fleet; got %r" % args.skip)
    mode = "short" if args.short else "full"
    cfg = dict(MODES[mode])
    if args.tick is not None:
        if args.tick < 1:
            ap.error("--tick must be a whole number of seconds, at least 1")
        cfg["tick"] = args.tick
    if args.rates:
        cfg["rates"] = dict(cfg["rates"], **parse_rates(ap, args.rates, cfg["rates"]))
    if args.levels == "none":
        cfg["levels"] = []
    elif args.levels:
        try:
            cfg["levels"] = [int(x) for x in args.levels.split(",")]
        except ValueError:
            ap.error("--levels takes whole numbers separated by commas, or none; got %r" % args.levels)
        if any(lv < 1 for lv in cfg["levels"]):
            ap.error("--levels must be at least 1 each")
    # Only a whole full run replaces the tables in BENCHMARKS.md; a partial one writes its own copy.
    whole = mode == "full" and not (args.levels or args.skip or args.tick or args.rates)
    out = args.out or os.path.join(stack.RUN_DIR, "bench", "%s-%s" % (mode, time.strftime("%Y%m%d-%H%M%S")))
    os.makedirs(out, exist_ok=True)
    b = Bench(mode, cfg, out)
    b.res["args"] = " ".join(sys.argv[1:])
    log("bench %s: api %s, stubs %s, levels %s, tick %ds, output %s" % (mode, stack.API, stack.STUBS, cfg["levels"],
                                                                      cfg["tick"], out))
    b.setup()
    if "api" not in skip:
        b.api()
    for lv in cfg["levels"]:
        b.level(lv)
        if lv == cfg["fleet_level"] and "fleet" not in skip:
            b.fleet()
    b.finish()
    b.restore_configs()
    with open(os.path.join(out, "results.json"), "w") as f:
        json.dump(b.res, f)
    report.write(b.res, out, os.path.join(stack.ROOT, "BENCHMARKS.md") if whole else None)
    counts = (b.res.get("audit") or {}).get("counts", {})
    # Fails on money going wrong only (a tick charged twice or skipped, the provider's ledger off);
    # the audit's other findings are printed and written to the tables. No time is asserted.
    bad = len(b.res["duplicates"]) + len(b.res["skipped"]) + sum(counts.get(k, 0) for k in ("mismatch", "dup", "lost"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
