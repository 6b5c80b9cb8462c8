"""h: crash-point sweep (issue 6). kill -9 of every worker copy at random moments over many rentals.

Billing tick 2 s (--sweep-tick); the payment calls and the eject are slowed (delay faults, below
the 1.5 s read timeout) so that kills land mid-call. Rounds cycle through target phases:

  charge      a tick's charge (key <rental>:<n>) in flight at the provider
  start       starts in flight (hold <rental>:hold slowed, eject slowed)
  settlement  stops sent just before: final charge, capture, release in flight
  debt        a debt collection (<rental>:debt:<k>) in flight: half of the poor- users are allowed
              to pay after their first debt, so collections succeed

Each round: start a batch of rentals (normal and poor-), wait (bounded) for a call of the target
phase in flight, sleep a random 0-300 ms, kill -9 every worker copy, send stops for some rentals
while the workers are down, restart them (SKIP_BUILD=1 scripts/run.sh). A crash point is one
rental in flight at one kill; they are counted by the phase the rental was in (mid-call when the
provider was still holding its answer back). At the end every rental is stopped and audited
against the provider's ledger (audit.py). The random seed is printed (--seed to repeat it).
"""

import os
import random
import threading
import time

from .audit import audit
from .common import *  # noqa: F401,F403
from .rentals import *  # noqa: F401,F403

# endpoint -> delay (ms) of its answer; the work is done first, then the answer waits
DELAYS = {CLEAR: 700, "hold-money-for-order": 800, "eject-powerbank": 600,
          "capture-held-money-for-order": 700, "release-money-for-order": 700}
PHASES = ("charge", "start", "settlement", "debt")


def phase_of_key(rid, key):
    s = str(key or "").replace(rid, "")
    if s == ":hold":
        return "start"
    if s.startswith(":debt:"):
        return "debt"
    if s in (":final", ":capture", ":release"):
        return "settlement"
    if s[1:].isdigit():
        return "charge"
    return None


ENDPOINT_OF_KIND = {"CHARGE": CLEAR, "HOLD": "hold-money-for-order", "CAPTURE": "capture-held-money-for-order",
                    "RELEASE": "release-money-for-order"}


def in_flight_calls(state, at, orders):
    """{order id: phase} of the calls the provider booked and had not answered at time `at`."""
    out = {}
    for e in (state or {}).get("ledger", []):
        rid = e.get("order_id")
        if rid not in orders:
            continue
        kind = e.get("declined") if e.get("kind") == "DECLINE" else e.get("kind")
        delay = DELAYS.get(ENDPOINT_OF_KIND.get(kind), 0) / 1000.0
        t = parse_ts(e.get("at"))
        if t is not None and t <= at < t + delay:
            ph = phase_of_key(rid, e.get("idempotency_key"))
            if ph:
                out[rid] = ph
    return out


def kill_all_workers():
    killed = []
    for i in range(1, WORKERS + 1):
        pid = pid_of(worker_name(i))
        if pid:
            os.kill(pid, 9)
            killed.append((worker_name(i), pid))
    if not wait_for(lambda: all(pid_of(n) is None for n, _ in killed), 10, 0.2):
        raise ScenarioError("workers still alive after kill -9: %s" % killed)
    return killed


def restart_workers():
    rc = run_script(["scripts/run.sh"], 400, {"WORKERS": str(WORKERS), "SKIP_BUILD": "1"})
    up = healthy_workers()
    if rc != 0 or len(up) < WORKERS:
        raise ScenarioError("scripts/run.sh did not bring the workers back (exit %s, up %s)" % (rc, up))


def h(chaos, row):
    m = chaos.mode
    seed = chaos.args.seed if chaos.args.seed is not None else random.randrange(10 ** 6)
    rng = random.Random(seed)
    row.note("seed %d (--seed %d repeats the same choices)" % (seed, seed))
    log("  seed %d; tick %ds; %d rounds; delays %s" % (seed, m["sweep_tick"], m["sweep_rounds"], DELAYS))
    code, _ = stubs("PUT", "/admin/configs", {"BILLING_TICK_SEC": m["sweep_tick"]})
    if code != 200:
        raise ScenarioError("PUT /admin/configs answered %s" % code)
    if len(healthy_workers()) < WORKERS:
        raise ScenarioError("needs %d healthy workers, up: %s" % (WORKERS, healthy_workers()))
    for ep, ms in DELAYS.items():
        set_fault(ep, delay_ms=ms)

    pool = []          # every rental of the sweep
    pending = set()    # ids whose start request has not been answered yet
    lock = threading.Lock()
    threads = []
    points = {p: 0 for p in PHASES + ("billing (between ticks)", "stop sent, settling")}
    midcall = {p: 0 for p in points}
    kills = 0

    def launch(batch):
        def one(r):
            with lock:
                pending.add(r.id)
            try:
                r.quote_id = quote(r.user)["quote_id"]
                start_rental(r)
            except Exception as e:  # reported at the audit as a lost rental
                r.start_body = "%s: %s" % (type(e).__name__, e)
            finally:
                with lock:
                    pending.discard(r.id)
        for r in batch:
            pool.append(r)
            t = threading.Thread(target=one, args=(r,), daemon=True)
            t.start()
            threads.append(t)

    def stop_some(n, why):
        cands = [r for r in pool if r.start_code == 200 and r.stop_sent_at is None and not getattr(r, "keep", False)]
        rng.shuffle(cands)
        chosen = cands[:n]

        def one(r):
            r.stop_sent_at = time.time()
            r.stop_code, body = stop_rental(r, timeout=300)
            if r.stop_code == 200:
                r.receipt = body
        for r in chosen:
            r.stop_sent_at = time.time()
            t = threading.Thread(target=one, args=(r,), daemon=True)
            t.start()
            threads.append(t)
        if chosen:
            log("  %d stop(s) sent %s" % (len(chosen), why))
        return chosen

    def wait_phase(phase, timeout):
        def check():
            st = stubs_state()
            now = time.time()
            calls = in_flight_calls(st, now, {r.id for r in pool})
            if phase == "start":
                with lock:
                    return bool(pending) and (any(v == "start" for v in calls.values()) or None)
            return any(v == phase for v in calls.values())
        return wait_for(check, timeout, 0.05)

    batch_no = [0]

    def batch(normal, poor):
        batch_no[0] += 1
        b = batch_no[0]
        if b == 1:  # the first batch's poor- users bill until the end: their debt is collected later
            poor = max(2, poor)
        out = ([Rental("chaos-%s-h%d-%d" % (chaos.run, b, n)) for n in range(1, normal + 1)]
               + [Rental("poor-chaos-%s-h%d-%d" % (chaos.run, b, n), poor=True) for n in range(1, poor + 1)])
        for r in out:
            r.keep = b == 1 and r.poor
        return out

    t_begin = time.monotonic()
    t_end = t_begin + m["sweep_budget"]
    payers_set = set()
    for rnd in range(m["sweep_rounds"]):
        if time.monotonic() > t_end:
            row.note("time budget of %ds spent after %d rounds" % (m["sweep_budget"], rnd))
            break
        target = PHASES[rnd % len(PHASES)]
        log("  -- round %d/%d: target %s" % (rnd + 1, m["sweep_rounds"], target))
        # half of the poor users that owe something may pay from now on: their collections succeed
        for r in pool:
            if r.poor and r.start_code == 200 and r.user not in payers_set and r.user.endswith(("-2", "-4")):
                v = get_view(r)
                if v and (v.get("current_debt") or 0) > 0:
                    stubs("PUT", "/admin/users/" + r.user, {"decline_charges": False})
                    payers_set.add(r.user)
        if target == "start":
            launch(batch(m["sweep_normal"], m["sweep_poor"]))
            time.sleep(0.3)
        elif rnd == 0 or len([r for r in pool if r.stop_sent_at is None]) < 4:
            launch(batch(m["sweep_normal"], m["sweep_poor"]))
            wait_for(lambda: not pending, 60, 0.5)
        else:
            launch(batch(max(1, m["sweep_normal"] // 2), 1))
        if target == "settlement":
            time.sleep(rng.uniform(0, 1.0))
            stop_some(m["sweep_stops"], "to be settling at the kill")
        wait = m["sweep_tick"] * 3 + 5
        if target == "debt":  # the first collection comes 60 s after the first debt
            wait = max(wait, 80 - (time.monotonic() - t_begin))
        hit = wait_phase(target, wait)
        time.sleep(rng.uniform(0, 0.3))
        t_kill = time.time()
        killed = kill_all_workers()
        kills += 1
        st = stubs_state()
        ids = {r.id for r in pool}
        calls = in_flight_calls(st, t_kill, ids)
        with lock:
            starting = set(pending)
        counted = {}
        for r in pool:
            if getattr(r, "done", False):
                continue
            if r.id in starting:
                ph = "start"
            elif r.id in calls:
                ph = calls[r.id]
            elif r.start_code != 200:
                continue
            elif r.stop_sent_at is not None and r.stop_sent_at < t_kill:
                ph = "stop sent, settling"
            else:
                ph = "billing (between ticks)"
            counted[ph] = counted.get(ph, 0) + 1
            points[ph] += 1
            if r.id in calls:
                midcall[ph] += 1
        log("  kill -9 %s at %s: %s in flight (%d mid-call)%s" % (
            " ".join("%s/%d" % k for k in killed), time.strftime("%H:%M:%S", time.localtime(t_kill)),
            ", ".join("%s %d" % kv for kv in sorted(counted.items())) or "nothing", len(calls),
            "" if hit else "; target %s not seen in flight" % target))
        stop_some(m["sweep_stops_down"], "while the workers are down")
        time.sleep(rng.uniform(1, 3))
        restart_workers()
        # what ended meanwhile no longer counts as in flight
        for r in pool:
            if r.stop_code == 200 and not getattr(r, "done", False) and settled(r):
                r.done = True
        time.sleep(rng.uniform(0.5, 2))

    clear_faults()
    log("  stopping the rest and waiting for every start and stop")
    for t in threads:
        t.join(max(0.0, 240 - 0))
        if t.is_alive():
            break
    rest = [r for r in pool if r.start_code == 200 and r.stop_sent_at is None]
    stop_all(rest, row)
    for t in threads:
        t.join(60)
    started = [r for r in pool if r.start_code == 200]
    for r in pool:
        if r.start_code != 200:
            # a start that did not answer 200: nothing may stay held or be charged for it
            st = stubs_state(r.id) or {}
            left, charged = hold_left(r), (st.get("charged_by_order") or {}).get(r.id, 0)
            row.problem("lost", r, "start answered %s: %s; read model %s, %s on hold, %s charged" % (
                r.start_code, short(r.start_body, 120), (get_view(r) or {}).get("status"), left, charged))
    for r in started:
        if r.stop_code != 200:
            row.problem("lost", r, "stop answered %s" % r.stop_code)
    wait_settled(started, row, 45)
    audit(started, row)
    total = sum(points.values())
    lines = ["crash points: %d kills x rentals in flight = %d (%d mid-call); rentals %d (started %d)" % (
        kills, total, sum(midcall.values()), len(pool), len(started))]
    for ph in points:
        lines.append("  %-24s %4d  (mid-call %d)" % (ph, points[ph], midcall[ph]))
    for line in lines:
        log("  " + line)
        row.note(line)
    if total < m["sweep_min_points"]:
        row.note("fewer crash points than the %d aimed at" % m["sweep_min_points"])


SCENARIOS = [
    ("h", "h-crash-sweep", "kill -9 of every worker at random moments (start, tick charge, settlement, debt), "
                           "stops while down, restart; audit to the unit", h),
]
