"""The money audit of the new scenarios (h, i, j), against the payment provider's own ledger.

For each rental, to the unit:
  ledger     the provider's ledger (stubs GET /admin/state: successful CHARGE + CAPTURE under the
             rental's order id) == successful money rows of payment_attempts (psql) == the API's
             paid_amount; per idempotency key, the provider's amount == payment_attempts' amount
  sums       provider charged + current_debt == total_amount; total <= R_BUYOUT
  due        a stopped rental: total == due(t) with t the whole seconds (rounded down: "to the
             second") from the receipt's started_at to its finished_at (SPEC §5: 0 within the free
             minutes, else ceil(P * t / 3600), capped at R_BUYOUT); finished_at
             not before the stop was sent nor later than its answer (+ slack)
  dups       no idempotency key charged (or held) twice by the provider
  hold       nothing left on hold once the rental ended
  status     the read model reached a terminal status, equal to the workflow's RentalStatus search
             attribute, and the workflow itself completed (not failed; still running only while it
             collects debt left beyond the deposit)
"""

import base64
import json
import os
import subprocess
import urllib.parse

from .common import *  # noqa: F401,F403
from .rentals import *  # noqa: F401,F403

DB_URL = os.environ.get("DATABASE_URL") or "postgres://powerbank:powerbank@127.0.0.1:5432/powerbank"
PROVIDER_MONEY = ("CHARGE", "CAPTURE", "REFUND")


def db_parts():
    p = urllib.parse.urlsplit(DB_URL)
    return dict(host=p.hostname or "127.0.0.1", port=str(p.port or 5432), user=urllib.parse.unquote(p.username or ""),
                password=urllib.parse.unquote(p.password or ""), db=p.path.strip("/"))


def psql(sql, timeout=20):
    """Rows (lists of strings) of one query on the stack's database, or raises ScenarioError."""
    d = db_parts()
    env = dict(os.environ, PGPASSWORD=d["password"], PGCONNECT_TIMEOUT="5")
    try:
        p = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-h", d["host"],
                            "-p", d["port"], "-U", d["user"], "-d", d["db"], "-c", sql],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout, text=True, env=env)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise ScenarioError("psql: %s" % e)
    if p.returncode != 0:
        raise ScenarioError("psql on %s:%s/%s failed: %s" % (d["host"], d["port"], d["db"], p.stderr.strip()[:300]))
    return [line.split("\t") for line in p.stdout.splitlines() if line]


def attempts_of(ids):
    """{rental id: [(kind, amount, success, key)]} from payment_attempts."""
    out = {i: [] for i in ids}
    if not ids:
        return out
    rows = psql("SELECT rental_id, kind, amount, success, idempotency_key FROM payment_attempts "
                "WHERE rental_id IN (%s) ORDER BY id" % ",".join("'%s'" % i for i in ids))
    for rid, kind, amount, success, key in rows:
        out.setdefault(rid, []).append((kind, int(amount), success == "t", key))
    return out


def due(price, free_min, seconds, buyout):
    """SPEC §5 to the second: t = whole seconds elapsed (rounded down); 0 within the free minutes,
    else ceil(P*t/3600), capped at R_BUYOUT."""
    t = int(seconds + 1e-6)
    if t <= free_min * 60:
        return 0
    return min(buyout, -(-price * t // 3600))


def workflow_info(rid):
    """(execution status, RentalStatus search attribute) of the workflow, or (None, None)."""
    cli = temporal_cli()
    if not cli:
        return None, None
    address = "127.0.0.1:%s" % os.environ.get("TEMPORAL_PORT", "7233")
    try:
        d = workflow_json(cli, "describe", rid, address)
    except (subprocess.TimeoutExpired, ValueError, OSError):
        return None, None
    info = d.get("workflowExecutionInfo") or {}
    status = str(info.get("status") or "").replace("WORKFLOW_EXECUTION_STATUS_", "")
    sa = ((info.get("searchAttributes") or {}).get("indexedFields") or {}).get("RentalStatus")
    rs = None
    if isinstance(sa, dict) and sa.get("data"):
        try:
            rs = json.loads(base64.b64decode(sa["data"]).decode())
        except ValueError:
            rs = sa["data"]
    return status or None, rs


class Terms:
    """What a rental was priced at (station-fast by default) and the R_BUYOUT it started with."""

    def __init__(self, price=3600, free_min=0, buyout=5000):
        self.price, self.free_min, self.buyout = price, free_min, buyout


def audit(rentals, row, terms=None, stop_slack=3.0, expect_stopped=True):
    """Audits every rental (see the module doc); problems go to row with exact figures."""
    terms = terms or Terms()
    rentals = [r for r in rentals if r.start_code == 200]
    try:
        attempts = attempts_of([r.id for r in rentals])
    except ScenarioError as e:
        row.problem("other", None, "payment_attempts unreadable: %s" % e)
        attempts = None
    wf = dict(zip([r.id for r in rentals], parallel(lambda r: workflow_info(r.id), rentals, 120)))
    for r in rentals:
        audit_one(r, row, terms, attempts, wf.get(r.id), stop_slack, expect_stopped)


def audit_one(r, row, terms, attempts, wf, stop_slack, expect_stopped):
    v = get_view(r)
    st = stubs_state(r.id)
    if v is None or st is None:
        row.problem("lost", r, "cannot read it back: rental %s, stubs %s" % (short(v), "ok" if st else "none"))
        return
    row.rentals += 1
    ledger = [e for e in st.get("ledger", []) if e.get("order_id") == r.id]
    row.charges += sum(1 for e in ledger if e.get("kind") == "CHARGE")
    row.declines += sum(1 for e in ledger if e.get("kind") == "DECLINE")
    paid, debt, total, status = v.get("paid_amount"), v.get("current_debt"), v.get("total_amount"), v.get("status")
    row.debt += debt or 0
    suffix = lambda k: str(k or "").replace(r.id, "")  # noqa: E731

    # 1. provider == payment_attempts == paid_amount, key by key
    provider = {}
    for e in ledger:
        if e.get("kind") in PROVIDER_MONEY:
            provider.setdefault(e.get("idempotency_key"), []).append(signed(e.get("kind"), e.get("amount")))
    provider_sum = sum(sum(a) for a in provider.values())
    if attempts is not None:
        ours = {k: signed(kind, a) for kind, a, ok, k in attempts.get(r.id, [])
                if ok and kind in MONEY_KINDS}
        ours_sum = sum(ours.values())
        if not provider_sum == ours_sum == paid:
            diff = []
            for k in sorted(set(provider) | set(ours), key=lambda k: suffix(k)):
                pa, oa = sum(provider.get(k, [])), ours.get(k)
                if pa != (oa or 0) or k not in ours or k not in provider:
                    diff.append("%s provider %s ours %s" % (suffix(k), pa if k in provider else "-",
                                                           oa if oa is not None else "-"))
            row.problem("mismatch", r, "provider charged %s, payment_attempts %s, paid_amount %s (status %s, "
                        "total %s, debt %s); keys that differ: %s" % (
                            provider_sum, ours_sum, paid, status, total, debt, "; ".join(diff) or "none"))
    elif provider_sum != paid:
        row.problem("mismatch", r, "provider charged %s, paid_amount %s" % (provider_sum, paid))

    # 2. duplicates at the provider: one successful entry per kind and key
    seen = {}
    for e in ledger:
        if e.get("kind") in ("CHARGE", "CAPTURE", "HOLD"):
            k = (e.get("kind"), e.get("idempotency_key"))
            seen[k] = seen.get(k, 0) + 1
    dups = ["%s %s x%d" % (k[0], suffix(k[1]), n) for k, n in seen.items() if n > 1]
    if dups:
        row.problem("dup", r, "the provider took a key twice: " + ", ".join(dups))

    other = []
    # 3. sums against the provider's ledger
    if None in (paid, debt, total):
        other.append("incomplete view %s" % short(v))
    else:
        if provider_sum + debt != total:
            other.append("provider charged %s + debt %s != total %s" % (provider_sum, debt, total))
        if total > terms.buyout or provider_sum > terms.buyout:
            other.append("total %s / provider charged %s above R_BUYOUT %s" % (total, provider_sum, terms.buyout))
    # 4. status: terminal, and the workflow agrees
    if expect_stopped and status not in ("FINISHED", "BUYOUT", "FAILED"):
        other.append("stuck %s after the stop (stop answered %s)" % (status, r.stop_code))
    if wf is not None and wf[0] is not None:
        wstatus, rs = wf
        if rs is not None and rs != status:
            other.append("read model %s but workflow RentalStatus %s" % (status, rs))
        if wstatus in ("FAILED", "TERMINATED", "TIMED_OUT", "CANCELED"):
            other.append("workflow %s" % wstatus)
        elif expect_stopped and wstatus == "RUNNING" and status in ("FINISHED", "BUYOUT") and not debt:
            # with debt left beyond the deposit the workflow rightly goes on collecting it (SPEC §5)
            other.append("workflow still RUNNING although the rental is %s without debt" % status)
    # 5. nothing on hold
    held = sum(h.get("amount") or 0 for h in st.get("holds", []) if h.get("order_id") == r.id)
    if status in ENDED and held:
        other.append("%s left on hold after settlement" % held)
    # 6. a stop's total is due(stopped duration) of its receipt
    rc = r.receipt if isinstance(r.receipt, dict) else None
    if status == "FINISHED" and total is not None:
        src = rc or v
        started, finished = parse_ts(src.get("started_at")), parse_ts(src.get("finished_at"))
        if started and finished:
            want = due(terms.price, terms.free_min, finished - started, terms.buyout)
            if total != want:
                other.append("total %s != due(%.3fs) = %s (started_at %s, finished_at %s)" % (
                    total, finished - started, want, src.get("started_at"), src.get("finished_at")))
            if r.stop_sent_at and finished < r.stop_sent_at - 1.0:
                other.append("finished_at %.1fs before the stop was sent" % (r.stop_sent_at - finished))
            if r.stop_sent_at and finished - r.stop_sent_at > stop_slack:
                other.append("finished_at %.1fs after the stop was sent (billed for the wait)" % (
                    finished - r.stop_sent_at))
        if rc is not None:
            for f in ("total_amount", "current_debt"):
                if rc.get(f) is not None and rc.get(f) != v.get(f):
                    other.append("receipt %s %s != rental %s" % (f, rc.get(f), v.get(f)))
    if other:
        row.problem("other", r, "; ".join(other))
