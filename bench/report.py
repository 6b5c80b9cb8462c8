"""The run's tables (markdown) and plots (PNG, matplotlib when available), from results.json's
data only."""

import os
import platform
import time

from stats import fmt, pct

BEGIN = "<!-- bench:begin (written by make bench; edit outside these markers) -->"
END = "<!-- bench:end -->"
GROUPS = ("api", "worker", "temporal", "postgres")


def _per_request(s):
    """CPU-ms per request of each process group while the phase ran ('-' for older results)."""
    cpu = s.get("cpu_ms_per_request")
    return " / ".join(fmt(cpu.get(g), 2) for g in GROUPS) if cpu else "-"


def _api_table(rows):
    out = ["| phase | offered /s | achieved /s | requests | p50 ms | p99 ms | max ms | errors "
           "| CPU-ms/request api / worker / temporal / pg |",
           "|---|---:|---:|---:|---:|---:|---:|---|---|"]
    for s in rows:
        out.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            s["name"], s["offered_rate"], fmt(s["achieved_rate"]), s["requests"], fmt(s["p50_ms"]),
            fmt(s["p99_ms"]), fmt(s["max_ms"]), ", ".join("%s x%s" % kv for kv in sorted(s["errors"].items())) or "none",
            _per_request(s)))
    return out


def _ramp_table(rows):
    out = ["| ramp to | starts offered /s | achieved /s | requests | p50 ms | p99 ms | max ms | errors | seconds |",
           "|---:|---:|---:|---:|---:|---:|---:|---|---:|"]
    for s in rows:
        out.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            s["level"], s["offered_rate"], fmt(s["achieved_rate"]), s["requests"], fmt(s["p50_ms"]), fmt(s["p99_ms"]),
            fmt(s["max_ms"]), ", ".join("%s x%s" % kv for kv in sorted(s["errors"].items())) or "none",
            fmt(s["seconds"], 0)))
    return out


def _window_table(rows):
    # On a PostgreSQL-backed Temporal server (scripts/temporal-postgres.sh) the backends serving its
    # databases get a column of their own; the dev server's SQLite is inside the temporal process.
    temporal_db = any("temporal_db" in w["cpu"] and w["cpu"]["temporal_db"]["cpu_ms"] > 0 for w in rows)
    groups = GROUPS[:3] + ("temporal_db",) + GROUPS[3:] if temporal_db else GROUPS
    names = "api / worker / temporal / temporal's pg / pg" if temporal_db else "api / worker / temporal / pg"
    out = ["| window | workers | open | ticks due | charged | missing | lag p50 s | lag p99 s | lag max s "
           "| > 1 s | > 5 s | CPU-ms/rental-tick %s | RSS MB api / worker / temporal " % names +
           "| WFT sched-to-start mean / p99 s | sticky hit | heap MB | load1 |",
           "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|---:|---:|---:|"]
    for w in rows:
        t, sdk = w.get("ticks") or {}, w["sdk"]
        n = max(1, t.get("charges") or 0)
        cpu = " / ".join(fmt(w["cpu"].get(g, {}).get("cpu_ms", 0) / n, 2) for g in groups)
        rss = " / ".join(fmt(w["cpu"].get(g, {}).get("rss_mb", 0), 0) for g in GROUPS[:3])
        out.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s / %s | %s | %s | %s |" % (
            w["name"], w["workers"], w["open"], t.get("due"), t.get("charged"), t.get("missing"),
            fmt(t.get("lag_p50_s"), 2), fmt(t.get("lag_p99_s"), 2), fmt(t.get("lag_max_s"), 2), t.get("late_1s"),
            t.get("late_5s"), cpu, rss, fmt(sdk["s2s_mean_s"], 3), fmt(sdk["s2s_p99_s"], 3),
            fmt(sdk["sticky_hit_rate"], 3), fmt(sdk["heap_used_mb"], 0), fmt(w["load1"], 2)))
    return out


def tables(res):
    c = res["cfg"]
    la = res["load"][0] if res["load"] else {}
    lines = ["Run of %s (%s mode): `make bench%s`, tick %d s, host %s, %d cores; load average at the start "
             "%s (each phase's load average is in results.json)." % (
                 time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(res["started"])), res["mode"],
                 ' BENCH_ARGS="%s"' % res["args"] if res.get("args") else "", c["tick"], platform.node(), os.cpu_count(),
                 "%.2f %.2f %.2f" % (la.get("load1", 0), la.get("load5", 0), la.get("load15", 0))), ""]
    if res["api"]:
        lines += ["**API latency** (vegeta, open model, fixed rate, %d s each):" % c["api_s"], ""]
        lines += _api_table(res["api"]) + [""]
    if res["ramps"]:
        lines += ["**Starts while ramping** (open rentals billing meanwhile):", ""] + _ramp_table(res["ramps"]) + [""]
    if res["levels"]:
        lines += ["**Billing capacity** (held %d ticks per level; lag = provider's charge time − (started_at + n·tick)):"
                  % c["hold_ticks"], ""] + _window_table(res["levels"]) + [""]
    if res["fleet"]:
        lines += ["**Fleet** (at %d open; kill -9 of worker copy 1 in the last window):" % c["fleet_level"], ""]
        lines += _window_table(res["fleet"]) + [""]
        a = res.get("audit") or {}
        rec = res.get("recovery_s")
        lines += ["- after kill -9: tick lag back under 1 s %s" % (
                      "after **%s s**" % fmt(rec) if rec is not None
                      else "**not within the %d s watched**" % c["fleet_watch_s"]),
                  "- ticks charged twice (whole run, provider's ledger): **%d**; ticks skipped (a later tick charged, "
                  "this one never): **%d**" % (len(res["duplicates"]), len(res["skipped"])),
                  "- scripts/chaos/audit.py on %s rentals stopped after the kill: %s" % (
                      a.get("rentals"), a.get("counts"))]
        lines += ["  - %s" % p for p in (a.get("problems") or [])[:5]] + [""]
    return lines


PLOTS = {"bench-lag.png": "tick lag against open rentals",
         "bench-timeline.png": "worst tick lag per second over the run",
         "bench-latency.png": "latency distributions"}


def _plots_line(names):
    """The line naming the plots this run drew (none without matplotlib or without data)."""
    if not names:
        return ["Plots: none (matplotlib missing, or no data to draw).", ""]
    return ["Plots: %s." % ", ".join("`%s` (%s)" % (n, PLOTS.get(n, "")) for n in names), ""]


def _save(plt, fig, ax, path, xlabel, ylabel):
    """Labels the axes, writes the PNG and closes the figure; returns the file's name."""
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    fig.tight_layout()
    fig.savefig(path, dpi=80)
    plt.close(fig)
    return os.path.basename(path)


def plots(res, out):
    """PNG plots into out; returns their names ([] without matplotlib)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib not available: no plots")
        return []
    names = []
    ws = [w for w in res["levels"] + res["fleet"] if w.get("ticks", {}).get("lag_p50_s") is not None]
    if ws:
        fig, ax = plt.subplots(figsize=(7, 4))
        for key, label in (("lag_p50_s", "p50"), ("lag_p99_s", "p99"), ("lag_max_s", "max")):
            lv = [w for w in res["levels"] if w.get("ticks", {}).get(key) is not None]
            ax.plot([w["open"] for w in lv], [max(0.001, w["ticks"][key]) for w in lv], "o-", label="1 worker " + label)
        for w in res["fleet"]:
            if w.get("ticks", {}).get("lag_p99_s") is not None:
                ax.plot([w["open"]], [max(0.001, w["ticks"]["lag_p99_s"])], "x", label=w["name"] + " p99")
        ax.axhline(1.0, color="grey", ls="--", lw=0.8)
        ax.set_yscale("log")
        ax.legend(fontsize=7)
        names.append(_save(plt, fig, ax, os.path.join(out, "bench-lag.png"), "open rentals", "tick lag (s)"))
    if res.get("timeline"):
        fig, ax = plt.subplots(figsize=(9, 3.5))
        ax.plot([a for a, _ in res["timeline"]], [max(0.001, b) for _, b in res["timeline"]], lw=0.6)
        for w in res["levels"] + res["fleet"]:
            ax.axvspan(w["t0"] - res["started"], w["t1"] - res["started"], alpha=0.1)
            ax.text(w["t0"] - res["started"], 1.5, w["name"], fontsize=6, rotation=90, va="bottom")
        if res.get("kill_at"):
            ax.axvline(res["kill_at"] - res["started"], color="red", lw=0.8)
        ax.set_yscale("log")
        names.append(_save(plt, fig, ax, os.path.join(out, "bench-timeline.png"),
                           "seconds into the run (tick due time)", "worst tick lag (s)"))
    lat = {k: v for k, v in res["latencies"].items() if v and not k.startswith(("warm", "audit", "final"))}
    if lat:
        fig, ax = plt.subplots(figsize=(7, 4))
        for k, v in sorted(lat.items()):
            s = sorted(v)
            ax.plot(s, [(i + 1) / len(s) for i in range(len(s))], label="%s (p99 %.0f ms)" % (k, pct(v, 99)))
        ax.set_xscale("log")
        ax.legend(fontsize=7)
        names.append(_save(plt, fig, ax, os.path.join(out, "bench-latency.png"), "latency (ms)",
                           "fraction of requests"))
    return names


def write(res, out, benchmarks_md=None):
    """Tables to out/BENCHMARKS.md; for a full run also into benchmarks_md between the markers,
    with the plots copied beside it (docs/bench/)."""
    names = plots(res, out)
    lines = tables(res) + _plots_line(names)
    text = "\n".join(lines)
    print(text)
    with open(os.path.join(out, "BENCHMARKS.md"), "w") as f:
        f.write(text + "\n")
    if not benchmarks_md:
        return
    import shutil

    img = os.path.join(os.path.dirname(benchmarks_md), "docs", "bench")
    os.makedirs(img, exist_ok=True)
    for n in names:
        shutil.copy(os.path.join(out, n), os.path.join(img, n))
    text = text.replace("`bench-", "`docs/bench/bench-")
    text += "\n" + "\n".join("![%s](docs/bench/%s)" % (n, n) for n in names) + "\n"
    old = open(benchmarks_md).read() if os.path.exists(benchmarks_md) else "# Benchmarks\n\n%s\n%s\n" % (BEGIN, END)
    if BEGIN not in old:
        old += "\n%s\n%s\n" % (BEGIN, END)
    head, rest = old.split(BEGIN, 1)
    tail = rest.split(END, 1)[1] if END in rest else ""
    with open(benchmarks_md, "w") as f:
        f.write(head + BEGIN + "\n" + text + "\n" + END + tail)
    print("wrote %s" % benchmarks_md)
