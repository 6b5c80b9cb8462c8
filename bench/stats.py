"""Percentiles and the summary of one fixed-rate phase."""

import math


def pct(values, p):
    """The p-th percentile (nearest rank) of values, or None when empty."""
    if not values:
        return None
    s = sorted(values)
    k = max(0, min(len(s) - 1, int(math.ceil(p / 100.0 * len(s))) - 1))
    return s[k]


def latency_summary(name, results, rate, duration_s, ok_codes=(200,)):
    """Achieved rate (answered OK per second of the phase), p50/p99/max latency in ms of every
    request, and errors by status code."""
    lat = [r.latency_s * 1000 for r in results]
    ok = sum(1 for r in results if r.code in ok_codes)
    errors = {}
    for r in results:
        if r.code not in ok_codes:
            errors[str(r.code)] = errors.get(str(r.code), 0) + 1
    return {
        "name": name, "offered_rate": rate, "duration_s": duration_s, "requests": len(results),
        "ok": ok, "achieved_rate": ok / float(duration_s), "p50_ms": pct(lat, 50), "p99_ms": pct(lat, 99),
        "max_ms": max(lat) if lat else None, "errors": errors,
    }


def fmt(v, nd=1):
    """A figure for the tables: None as '-', floats rounded."""
    if v is None:
        return "-"
    if isinstance(v, float):
        return ("%%.%df" % nd) % v
    return str(v)
