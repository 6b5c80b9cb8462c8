// Demo client of the rental-core API v1. No framework, no build step.
(() => {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const state = { quote: null, startKey: null, rentalId: null, poll: null };

  // crypto.randomUUID needs a secure context (https or localhost); fall back to getRandomValues.
  function uuid() {
    if (crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  function log(line) {
    const time = new Date().toLocaleTimeString();
    $("log").textContent = `${time}  ${line}\n` + $("log").textContent;
  }

  async function call(method, path, body, headers = {}) {
    const init = {
      method,
      headers: { Accept: "application/json", ...window.PowerbankAuth.header(), ...headers },
    };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    const response = await fetch(path, init);
    let json = null;
    try { json = await response.json(); } catch (_) { /* empty body */ }
    return { status: response.status, ok: response.ok, json };
  }

  function facts(el, entries) {
    el.replaceChildren();
    for (const [key, value, cls] of entries) {
      const dt = document.createElement("dt");
      dt.textContent = key;
      const dd = document.createElement("dd");
      dd.textContent = value === null || value === undefined ? "–" : String(value);
      if (cls) dd.className = cls;
      el.append(dt, dd);
    }
  }

  function when(iso) {
    return iso ? new Date(iso).toLocaleTimeString() : null;
  }

  function failed(what, res) {
    const err = res.json || {};
    log(`${what}: HTTP ${res.status} ${err.code || ""} ${err.error || ""}`);
  }

  $("quote-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    // the user is the signed-in one (the token's subject)
    const body = { station_id: $("station-id").value.trim() };
    const res = await call("POST", "/api/v1/rentals/quote", body);
    if (!res.ok) {
      failed("quote", res);
      return;
    }
    state.quote = res.json;
    state.startKey = null;
    facts($("quote"), [
      ["quote", res.json.quote_id],
      ["price / hour", `${res.json.price_per_hour} ${res.json.currency}`],
      ["free minutes", res.json.free_period_min],
      ["deposit", `${res.json.deposit} ${res.json.currency}`],
      ["expires in", `${res.json.expires_in_sec} s`],
    ]);
    $("start").disabled = false;
    $("repeat-start").disabled = true;
    log(`quote ${res.json.quote_id}: ${res.json.price_per_hour}/h, deposit ${res.json.deposit}`);
  });

  async function start(key) {
    if (!state.quote) return;
    state.startKey = key;
    $("start").disabled = true;
    log(`start with Idempotency-Key ${key}…`);
    const res = await call("POST", "/api/v1/rentals/start", { quote_id: state.quote.quote_id },
      { "Idempotency-Key": key });
    $("repeat-start").disabled = false;
    if (!res.ok) {
      failed("start", res);
      return;
    }
    log(`rental ${res.json.rental_id} ACTIVE with powerbank ${res.json.powerbank_id}`);
    follow(res.json.rental_id);
  }

  $("start").addEventListener("click", () => start(uuid()));
  $("repeat-start").addEventListener("click", () => state.startKey && start(state.startKey));

  function follow(rentalId) {
    state.rentalId = rentalId;
    $("stop").disabled = false;
    const link = $("temporal-link");
    link.href = `http://127.0.0.1:8233/namespaces/default/workflows/${rentalId}`;
    clearInterval(state.poll);
    refresh();
    state.poll = setInterval(refresh, 2000);
  }

  async function refresh() {
    if (!state.rentalId) return;
    const [rental, payments] = await Promise.all([
      call("GET", `/api/v1/rentals/${state.rentalId}`),
      call("GET", `/api/v1/rentals/${state.rentalId}/payments`),
    ]);
    if (rental.ok) {
      const r = rental.json;
      facts($("rental"), [
        ["rental", r.rental_id],
        ["status", r.status, `status-${r.status}`],
        ["powerbank", r.powerbank_id],
        ["started", when(r.started_at)],
        ["finished", when(r.finished_at)],
        ["minutes", r.duration_minutes],
        ["total so far", r.total_amount],
        ["paid", r.paid_amount],
        ["debt", r.current_debt],
      ]);
      $("stop").disabled = r.status !== "ACTIVE";
      if (["FINISHED", "BUYOUT", "FAILED"].includes(r.status) && r.current_debt === 0) {
        // keep one last refresh for the settlement rows, then stop polling
        clearInterval(state.poll);
        setTimeout(refreshPayments, 1500);
      }
    }
    if (payments.ok) renderPayments(payments.json.payments);
  }

  async function refreshPayments() {
    const res = await call("GET", `/api/v1/rentals/${state.rentalId}/payments`);
    if (res.ok) renderPayments(res.json.payments);
  }

  function renderPayments(rows) {
    const body = $("payments");
    body.replaceChildren();
    if (!rows.length) {
      body.innerHTML = '<tr><td colspan="6" class="muted">no payments yet</td></tr>';
      return;
    }
    for (const p of rows) {
      const tr = document.createElement("tr");
      const cells = [when(p.created_at), p.kind, p.amount, p.success ? "✓" : "✗", p.error || "", p.idempotency_key];
      cells.forEach((value, i) => {
        const td = document.createElement("td");
        td.textContent = value === null ? "" : String(value);
        if (i === 2) td.className = "num";
        tr.append(td);
      });
      body.append(tr);
    }
  }

  $("stop-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!state.rentalId) return;
    $("stop").disabled = true;
    const res = await call("POST", "/api/v1/rentals/stop",
      { rental_id: state.rentalId, station_id: $("return-station").value.trim() },
      { "Idempotency-Key": uuid() });
    if (!res.ok) {
      failed("stop", res);
      $("stop").disabled = false;
      return;
    }
    log(`stopped: total ${res.json.total_amount}, ${res.json.duration_minutes} min, debt ${res.json.current_debt}`);
    refresh();
  });

  async function health() {
    const res = await call("GET", "/api/v1/health");
    const pill = $("health");
    const status = (res.json && res.json.status) || "unhealthy";
    pill.textContent = status;
    pill.className = `pill ${status}`;
    if (res.json) {
      const ext = res.json.external_services || {};
      pill.title = `database ${res.json.database}, temporal ${res.json.temporal}, ` +
        Object.entries(ext).map(([k, v]) => `${k} ${v}`).join(", ");
    }
  }

  health();
  setInterval(health, 10000);

  // Sign-in (issue 11): see auth.js
  $("sign-in").addEventListener("click", () => {
    window.PowerbankAuth.signIn($("user-id").value.trim()).catch((e) => log(`sign-in: ${e.message}`));
  });
  $("sign-out").addEventListener("click", () => window.PowerbankAuth.signOut());
  window.PowerbankAuth.ready.then((auth) => {
    if (auth.error) log(auth.error.message);
    $("who").textContent = auth.user ? `signed in as ${auth.user}${auth.operator ? " (operator)" : ""}` : "not signed in";
    $("sign-in").hidden = Boolean(auth.user);
    $("sign-out").hidden = !auth.user;
    if (auth.user) $("user-id").value = auth.user;
  });
})();
