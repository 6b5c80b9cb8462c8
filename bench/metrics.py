"""The Temporal SDK's metrics from each worker's /actuator/prometheus: workflow-task
schedule-to-start latency (sum, count, buckets) and sticky cache hits and misses, summed over the
worker copies; deltas between two scrapes give a phase's figures."""

import re
import urllib.request

LINE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+([-+0-9.eEinfNa]+)$')
WANTED = ("temporal_workflow_task_schedule_to_start_latency_seconds", "temporal_sticky_cache_hit",
          "temporal_sticky_cache_miss", "temporal_sticky_cache_total_forced_eviction",
          "temporal_sticky_cache_size", "temporal_workflow_task_execution_latency_seconds")


def scrape(urls):
    """{(name, le): value} summed over urls (workers that do not answer are skipped)."""
    out = {}
    for url in urls:
        try:
            text = urllib.request.urlopen(url, timeout=5).read().decode()
        except (OSError, ValueError):
            continue
        for line in text.splitlines():
            m = LINE.match(line)
            if not m:
                continue
            labels = m.group(2) or ""
            if m.group(1) == "jvm_memory_used_bytes" and 'area="heap"' in labels:
                out[("jvm_heap_used", None)] = out.get(("jvm_heap_used", None), 0.0) + float(m.group(3))
                continue
            if not m.group(1).startswith(WANTED):
                continue
            le = re.search(r'le="([^"]+)"', labels)
            key = (m.group(1), le.group(1) if le else None)
            try:
                out[key] = out.get(key, 0.0) + float(m.group(3))
            except ValueError:
                pass
    return out


def _quantile_from_buckets(buckets, q):
    """Upper bound of the bucket that holds quantile q: [(le, cumulative count)]."""
    if not buckets or buckets[-1][1] <= 0:
        return None
    want = q * buckets[-1][1]
    for le, c in buckets:
        if c >= want:
            return le
    return None


def delta(before, after):
    """Phase figures: schedule-to-start mean/p50/p99 (s, p50/p99 as bucket upper bounds),
    workflow task execution mean (s), sticky cache hit rate and forced evictions."""
    d = {k: after.get(k, 0.0) - before.get(k, 0.0) for k in after}
    s2s = "temporal_workflow_task_schedule_to_start_latency_seconds"
    cnt, tot = d.get((s2s + "_count", None), 0.0), d.get((s2s + "_sum", None), 0.0)
    buckets = sorted(((float(k[1]), v) for k, v in d.items() if k[0] == s2s + "_bucket" and k[1] != "+Inf"))
    inf = d.get((s2s + "_bucket", "+Inf"))
    if inf is not None:
        buckets.append((float("inf"), inf))
    ex = "temporal_workflow_task_execution_latency_seconds"
    ecnt, etot = d.get((ex + "_count", None), 0.0), d.get((ex + "_sum", None), 0.0)
    hit = d.get(("temporal_sticky_cache_hit_total", None), 0.0)
    miss = d.get(("temporal_sticky_cache_miss_total", None), 0.0)
    return {
        "wft_count": cnt,
        "s2s_mean_s": tot / cnt if cnt else None,
        "s2s_p50_s": _quantile_from_buckets(buckets, 0.5),
        "s2s_p99_s": _quantile_from_buckets(buckets, 0.99),
        "wft_exec_mean_ms": 1000 * etot / ecnt if ecnt else None,
        "sticky_hit_rate": hit / (hit + miss) if hit + miss else None,
        "sticky_forced_evictions": d.get(("temporal_sticky_cache_total_forced_eviction_total", None), 0.0),
        "sticky_cache_size": after.get(("temporal_sticky_cache_size", None)),
        "heap_used_mb": after.get(("jvm_heap_used", None), 0.0) / 1048576.0,
    }
