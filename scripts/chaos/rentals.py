"""Rentals over the API: load, start, billing, stop, settlement, and the per-rental checks."""

import time
import uuid

from .common import *  # noqa: F401,F403

# ---- rentals --------------------------------------------------------------------------------


class Rental:
    def __init__(self, user, poor=False):
        self.user = user
        self.poor = poor
        self.key = str(uuid.uuid4())
        self.stop_key = str(uuid.uuid4())
        self.id = rental_id_of(user, self.key)
        self.quote_id = None
        self.start_code = None
        self.start_body = None
        self.powerbank_id = None
        self.started_at = None
        self.stop_code = None
        self.receipt = None
        self.stop_sent_at = None
        self.view = None
        self.payments = None
        self.ledger = None

    def __repr__(self):
        return "%s (%s)" % (self.id[:8], self.user)


def get_view(r):
    code, body = call("GET", "%s/api/v1/rentals/%s" % (API, r.id), timeout=15, as_user=r.user)
    if code == 200 and isinstance(body, dict):
        r.view = body
        return body
    return None


def quote(user, station=STATION):
    body = None
    for _ in range(5):
        code, body = call("POST", API + "/api/v1/rentals/quote",
                          {"user_id": user, "station_id": station}, timeout=30, as_user=user)
        if code == 200 and isinstance(body, dict):
            return body
        if code not in (0, 500, 502, 503, 504):
            break
        time.sleep(2)
    raise ScenarioError("quote for %s: %s" % (user, short(body)))


def start_rental(r, retry_unavailable=True):
    """POST /start with the rental's key; a 503, a 429 (rate limit) or no answer is repeated with
    the same key."""
    deadline = time.monotonic() + 180
    for _ in range(6):
        code, body = call("POST", API + "/api/v1/rentals/start", {"quote_id": r.quote_id},
                          {"Idempotency-Key": r.key}, timeout=75, as_user=r.user)
        r.start_code, r.start_body = code, body
        if code == 200 and isinstance(body, dict):
            r.id = body.get("rental_id") or r.id
            r.powerbank_id = body.get("powerbank_id")
            r.started_at = parse_ts(body.get("started_at"))
            return code
        if not retry_unavailable or code not in (0, 429, 503) or time.monotonic() > deadline:
            return code
        time.sleep(2)
    return r.start_code


def start_load(rentals, row):
    """Quotes and starts every rental at once; the ones not started are reported as lost."""
    log("  starting %d rentals on %s (%d poor-)" % (len(rentals), STATION,
                                                     sum(1 for r in rentals if r.poor)))

    def one(r):
        r.quote_id = quote(r.user)["quote_id"]
        return start_rental(r)

    results = parallel(one, rentals, 240)
    for r, res in zip(rentals, results):
        if r.start_code != 200:
            row.problem("lost", r, "start answered %s: %s%s" % (
                r.start_code, short(r.start_body), "" if not isinstance(res, Exception) else " (%s)" % res))
    active = [r for r in rentals if r.start_code == 200]
    log("  %d/%d started" % (len(active), len(rentals)))
    return active


def drain(pending, done):
    """Removes from pending what is done; True when nothing is left."""
    for r in list(pending):
        if done(r):
            pending.remove(r)
    return not pending


def billing(v):
    """What the ticks have billed so far: paid + debt (total_amount also counts the time since the
    last tick)."""
    return (v.get("paid_amount") or 0) + (v.get("current_debt") or 0)


def billed(r):
    v = get_view(r)
    return v is not None and billing(v) > 0


def wait_billing(rentals, row, timeout):
    """Until every rental was billed at least once (a first tick)."""
    pending = list(rentals)
    wait_for(lambda: drain(pending, billed), timeout, 1)
    for r in pending:
        row.problem("lost", r, "never billed within %ds: %s" % (timeout, short(r.view)))
    log("  billing runs for %d/%d rentals" % (len(rentals) - len(pending), len(rentals)))


def billings(rentals):
    out = {}
    for r in rentals:
        v = get_view(r)
        out[r.id] = billing(v) if v else None
    return out


def log_debt(rentals, what):
    views = [get_view(r) for r in rentals]
    debt = sum((v or {}).get("current_debt") or 0 for v in views)
    owing = sum(1 for v in views if v and v.get("current_debt"))
    log("  %s: %d rentals owe %d in all" % (what, owing, debt))


def check_progress(rentals, row, timeout, what):
    """Billing goes on: every active rental's paid + debt grows within timeout seconds."""
    before = billings(rentals)
    pending = [r for r in rentals]

    def advanced():
        for r in list(pending):
            v = get_view(r)
            if v and v.get("status") == "ACTIVE" and before.get(r.id) is not None \
                    and billing(v) > before[r.id]:
                pending.remove(r)
            elif v and v.get("status") in ENDED:
                pending.remove(r)  # judged by the checks at the end
        return not pending

    start = time.monotonic()
    wait_for(advanced, timeout, 1)
    for r in pending:
        row.problem("lost", r, "billing stuck %s: paid + debt stayed %s for %ds (%s)" % (
            what, before.get(r.id), timeout, short(r.view, 160)))
    log("  billing goes on %s: %d/%d rentals advanced (%.0fs)" % (
        what, len(rentals) - len(pending), len(rentals), time.monotonic() - start))


def stop_rental(r, key=None, timeout=240):
    """POST /stop; 503 or no answer is repeated with the same key. Returns (code, body)."""
    key = key or r.stop_key
    deadline = time.monotonic() + timeout
    code, body = None, None
    for _ in range(8):
        code, body = call("POST", API + "/api/v1/rentals/stop",
                          {"rental_id": r.id, "station_id": RETURN_STATION},
                          {"Idempotency-Key": key}, timeout=75, as_user=r.user)
        if code not in (0, 503) or time.monotonic() > deadline:
            break
        time.sleep(3)
    return code, body


def stop_all(rentals, row):
    log("  stopping %d rentals at %s" % (len(rentals), RETURN_STATION))

    def one(r):
        r.stop_sent_at = time.time()
        r.stop_code, body = stop_rental(r)
        if r.stop_code == 200:
            r.receipt = body

    parallel(one, rentals, 300)
    for r in rentals:
        if r.stop_code != 200:
            row.problem("lost", r, "stop answered %s" % r.stop_code)
    log("  %d/%d stops answered 200" % (sum(1 for r in rentals if r.stop_code == 200), len(rentals)))


def hold_left(r):
    st = stubs_state(r.id)
    if st is None:
        return None
    return sum(h.get("amount") or 0 for h in st.get("holds", []) if h.get("order_id") == r.id)


def settled(r):
    """Ended in the read model, the hold released (a RELEASE attempt succeeded), nothing left held."""
    v = get_view(r)
    if not v or v.get("status") not in ENDED:
        return False
    code, body = call("GET", "%s/api/v1/rentals/%s/payments" % (API, r.id), timeout=15, as_user=r.user)
    pays = body.get("payments") if isinstance(body, dict) else body
    if code != 200 or not isinstance(pays, list):
        return False
    held = any(p.get("kind") == "HOLD" and p.get("success") for p in pays)
    released = any(p.get("kind") == "RELEASE" and p.get("success") for p in pays)
    return (released or not held) and hold_left(r) == 0


def wait_settled(rentals, row, timeout):
    pending = list(rentals)
    start = time.monotonic()
    wait_for(lambda: drain(pending, settled), timeout, 2)
    for r in pending:
        row.problem("lost", r, "not settled within %ds: %s" % (timeout, short(r.view, 300)))
    log("  %d/%d settled (%.0fs)" % (len(rentals) - len(pending), len(rentals),
                                     time.monotonic() - start))


def verify(r, row):
    """The per-rental money checks; fills the row's counters."""
    v = get_view(r)
    code, body = call("GET", "%s/api/v1/rentals/%s/payments" % (API, r.id), timeout=15, as_user=r.user)
    pays = body.get("payments") if isinstance(body, dict) else body
    st = stubs_state(r.id)
    if v is None or code != 200 or not isinstance(pays, list) or st is None:
        row.problem("lost", r, "cannot read it back: rental %s, payments %s, stubs %s" % (
            short(v), code, "ok" if st else "none"))
        return
    r.payments = pays
    ledger = [e for e in st.get("ledger", []) if e.get("order_id") == r.id]
    r.ledger = ledger
    row.rentals += 1
    row.charges += sum(1 for e in ledger if e.get("kind") == "CHARGE")
    row.declines += sum(1 for e in ledger if e.get("kind") == "DECLINE")
    paid, debt, total = v.get("paid_amount"), v.get("current_debt"), v.get("total_amount")
    row.debt += debt or 0
    status = v.get("status")

    # ledger: stubs == payment_attempts == paid_amount
    stubs_charged = (st.get("charged_by_order") or {}).get(r.id, 0)
    attempts = sum(signed(p.get("kind"), p.get("amount")) for p in pays
                   if p.get("success") and p.get("kind") in MONEY_KINDS)
    if not stubs_charged == attempts == paid:
        keys = sorted("%s=%s" % (e.get("idempotency_key", "").replace(r.id, ""), e.get("amount"))
                      for e in ledger if e.get("kind") in ("CHARGE", "CAPTURE"))
        pa = sorted("%s=%s" % (p.get("idempotency_key", "").replace(r.id, ""), p.get("amount"))
                    for p in pays if p.get("success") and p.get("kind") in MONEY_KINDS)
        row.problem("mismatch", r, "stubs charged %s, payment_attempts %s, paid_amount %s "
                    "(status %s, total %s, debt %s); stubs keys %s; attempts %s" % (
                        stubs_charged, attempts, paid, status, total, debt, " ".join(keys), " ".join(pa)))

    # duplicates: one successful entry per idempotency key and kind
    seen = {}
    for e in ledger:
        if e.get("kind") in ("CHARGE", "CAPTURE", "HOLD"):
            k = (e.get("kind"), e.get("idempotency_key"))
            seen[k] = seen.get(k, 0) + 1
    dups = ["%s %s x%d" % (k[0], k[1], n) for k, n in seen.items() if n > 1]
    if dups:
        row.problem("dup", r, "charged twice: " + ", ".join(dups))

    other = []
    if status == "PENDING":
        other.append("still PENDING")
    if status not in ENDED:
        other.append("not ended: %s" % status)
    if None in (paid, debt, total) or abs(paid + debt - total) > 1:
        other.append("paid %s + debt %s != total %s" % (paid, debt, total))
    if status in ENDED and hold_left(r) != 0:
        other.append("hold left: %s" % short([h for h in st.get("holds", []) if h.get("order_id") == r.id]))
    if status == "FINISHED":
        started, finished = parse_ts(v.get("started_at")), parse_ts(v.get("finished_at"))
        if started and finished and abs(total - int(finished - started)) > 1:
            other.append("total %s for %.1fs (one unit a second)" % (total, finished - started))
        if r.stop_sent_at and finished and finished - r.stop_sent_at > 3:
            other.append("finished_at %.1fs after the stop was sent: billed past the stop" % (
                finished - r.stop_sent_at))
        if r.receipt is not None:
            for f in ("status", "total_amount", "started_at", "finished_at"):
                if r.receipt.get(f) != v.get(f) and not (f.endswith("_at") and
                                                         parse_ts(r.receipt.get(f)) == parse_ts(v.get(f))):
                    other.append("receipt %s %s != rental %s" % (f, r.receipt.get(f), v.get(f)))
        if r.poor and None not in (paid, total) and paid != min(total, DEPOSIT):
            other.append("poor user paid %s, expected the deposit capture min(total %s, %d)" % (
                paid, total, DEPOSIT))
        if not r.poor and debt:
            other.append("a user who can pay ends with debt %s" % debt)
    if other:
        row.problem("other", r, "; ".join(other))


class Row:
    def __init__(self, name):
        self.name = name
        self.rentals = self.charges = self.declines = self.debt = 0
        self.counts = {"mismatch": 0, "lost": 0, "dup": 0, "other": 0}
        self.problems = []
        self.notes = []
        self.skipped = None
        self.seconds = 0.0

    def problem(self, kind, rental, text):
        self.counts[kind] += 1
        self.problems.append("%-8s %s%s" % (kind, "%s: " % (rental,) if rental else "", text))
        log("  PROBLEM %s %s%s" % (kind, "%s: " % (rental,) if rental else "", text))

    def note(self, text):
        """A line printed under the table whatever the result (counts, seeds, what was exercised)."""
        self.notes.append(text)

    @property
    def failed(self):
        return self.skipped is None and any(self.counts.values())

