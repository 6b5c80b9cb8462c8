"""Tick lag from the payment provider's own ledger (stubs GET /admin/state): tick n of a rental is
due at started_at + n * tick (SPEC §5) and charged under the key '<rental id>:<n>'; its lag is the
ledger entry's time minus that due time."""

from stats import pct


class Ticks:
    """Every due tick of the bench's rentals, and the provider's charges for them.

    rentals: {rental id: (started_at, finished_at or None)} in epoch seconds;
    ledger: the stubs' ledger entries (dicts with kind, order_id, idempotency_key, at epoch s);
    tick_s: the billing tick; end: when the ledger was read.
    """

    def __init__(self, rentals, ledger, tick_s, end):
        self.tick_s, self.end = tick_s, end
        self.charges = {}  # (rental, n) -> [at, ...]
        for e in ledger:
            if e["kind"] != "CHARGE":
                continue
            rid, _, n = (e.get("idempotency_key") or "").rpartition(":")
            if rid in rentals and n.isdigit():
                self.charges.setdefault((rid, int(n)), []).append(e["at"])
        self.due = []  # (due at, rental, n, charged at or None)
        for rid, (started, finished) in rentals.items():
            if started is None:
                continue
            last = min(end, finished) if finished else end
            n = 1
            while started + n * tick_s <= last:
                ats = self.charges.get((rid, n))
                self.due.append((started + n * tick_s, rid, n, min(ats) if ats else None))
                n += 1
        self.due.sort()

    def duplicates(self):
        """Keys the provider charged more than once (a tick charged twice)."""
        return sorted("%s:%d x%d" % (k[0], k[1], len(v)) for k, v in self.charges.items() if len(v) > 1)

    def window(self, t0, t1, grace_s=None):
        """Lag figures of the ticks due in [t0, t1): due, charged, lag p50/p99/max (s), late > 1 s
        and > 5 s, and 'missing': due more than grace_s (default 2 ticks) before the ledger was
        read yet never charged."""
        grace = 2 * self.tick_s if grace_s is None else grace_s
        rows = [d for d in self.due if t0 <= d[0] < t1]
        lags = [d[3] - d[0] for d in rows if d[3] is not None]
        missing = sum(1 for d in rows if d[3] is None and d[0] < self.end - grace)
        return {
            "due": len(rows), "charged": len(lags), "missing": missing,
            "lag_p50_s": pct(lags, 50), "lag_p99_s": pct(lags, 99), "lag_max_s": max(lags) if lags else None,
            "late_1s": sum(1 for x in lags if x > 1), "late_5s": sum(1 for x in lags if x > 5),
            "rentals": len(set(d[1] for d in rows)),
        }

    def charged_between(self, t0, t1):
        """How many tick charges the provider took in [t0, t1) (the rental-ticks of a CPU window)."""
        return sum(1 for ats in self.charges.values() for a in ats if t0 <= a < t1)

    def timeline(self, t0, t1, step_s=1.0):
        """[(second, max lag of ticks due in it)] over [t0, t1); an uncharged tick counts as its
        age at the read."""
        buckets = {}
        for due, _, _, at in self.due:
            if t0 <= due < t1:
                b = int((due - t0) // step_s)
                lag = (at if at is not None else self.end) - due
                buckets[b] = max(buckets.get(b, 0.0), lag)
        return [(t0 + b * step_s, buckets[b]) for b in sorted(buckets)]

    def recovery_s(self, since, t1, bound_s=1.0):
        """Seconds from `since` until every later tick (due before t1) had lag under bound_s; None
        when that never happened."""
        tl = self.timeline(since, t1)
        bad = [t for t, lag in tl if lag >= bound_s]
        if not bad:
            return 0.0
        last_bad = max(bad)
        return (last_bad + 1 - since) if last_bad + 1 < t1 else None

    def skipped(self, grace_s=None):
        """Ticks never charged although a later tick of the same rental was."""
        charged_max = {}
        for rid, n in self.charges:
            charged_max[rid] = max(charged_max.get(rid, 0), n)
        return sorted("%s:%d" % (rid, n) for _, rid, n, at in self.due if at is None and n < charged_max.get(rid, 0))
