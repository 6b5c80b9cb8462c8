// Demo client of the rental-core API v1. No framework, no build step.
(() => {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const state = {
    quote: null, quoteExpiresAt: 0, startKey: null, rentalId: null, workflowId: null, poll: null,
    links: { temporal_ui_url: "http://127.0.0.1:8233", namespace: "default" },
  };

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
    state.quoteExpiresAt = Date.now() + res.json.expires_in_sec * 1000;
    state.quoteUsed = false;
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
    showTtl();
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
    state.quoteUsed = true;
    log(`rental ${res.json.rental_id} ACTIVE with powerbank ${res.json.powerbank_id}`);
    follow(res.json.rental_id, res.json.workflow_id);
  }

  // Live countdown of the quote's validity; an expired quote cannot start a rental.
  function showTtl() {
    const el = $("quote-ttl");
    if (!state.quote) return;
    if (state.rentalId && state.quoteUsed) {
      el.textContent = "quote used by this rental";
      el.classList.remove("expired");
      return;
    }
    const left = Math.max(0, Math.ceil((state.quoteExpiresAt - Date.now()) / 1000));
    el.hidden = false;
    el.classList.toggle("expired", left === 0);
    el.textContent = left > 0 ? `quote valid for ${left} s` : "quote expired: ask for a new one";
    if (left === 0 && !state.startKey) $("start").disabled = true;
  }
  setInterval(showTtl, 1000);

  $("start").addEventListener("click", () => start(uuid()));
  $("repeat-start").addEventListener("click", () => state.startKey && start(state.startKey));

  function workflowUrl(workflowId) {
    const { temporal_ui_url: ui, namespace } = state.links;
    return `${ui}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`;
  }

  function follow(rentalId, workflowId) {
    state.rentalId = rentalId;
    // rentals run under workflow id rental-<rental id> (older ones under the bare id)
    state.workflowId = workflowId || `rental-${rentalId}`;
    $("stop").disabled = false;
    const link = $("rental-temporal-link");
    link.href = workflowUrl(state.workflowId);
    link.hidden = false;
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

  // One line of the rental's timeline per ledger row, named from its idempotency key
  // (<rental>:hold:…, :<tick>, :final, :debt:<n>, :capture, :release:…, :refund).
  function describe(p) {
    const [head, n] = p.idempotency_key.split(":").slice(1);
    const money = `${p.amount} RUB`;
    const outcome = p.success ? "" : p.error === "declined" ? " declined" : ` failed (${p.error || "unknown"})`;
    if (/^\d+$/.test(head)) return `tick ${head}: charge ${money}${outcome}`;
    if (head === "debt") return `debt collection ${n}: ${money}${outcome}`;
    const names = { hold: "deposit hold", final: "final charge", capture: "capture from the deposit",
      release: "release of the deposit", refund: "refund" };
    return `${names[head] || p.kind.toLowerCase()}: ${money}${outcome}`;
  }

  function renderTimeline(rows) {
    const list = $("timeline");
    list.replaceChildren();
    for (const p of rows) {
      const li = document.createElement("li");
      li.textContent = `${when(p.created_at)}  ${describe(p)}`;
      li.className = p.success ? "ok" : "bad";
      list.append(li);
    }
    if (!rows.length) list.innerHTML = '<li class="muted">nothing yet</li>';
  }

  function renderPayments(rows) {
    renderTimeline(rows);
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

  // ---- operator view: open rentals (Temporal visibility), debtors (read model), stations ----

  function rows(tbody, items, columns, empty) {
    const body = $(tbody);
    body.replaceChildren();
    if (!items.length) {
      body.innerHTML = `<tr><td colspan="${columns.length}" class="muted">${empty}</td></tr>`;
      return;
    }
    for (const item of items) {
      const tr = document.createElement("tr");
      for (const column of columns) {
        const td = document.createElement("td");
        const value = column(item);
        if (value instanceof Node) td.append(value); else td.textContent = value ?? "";
        tr.append(td);
      }
      body.append(tr);
    }
  }

  function workflowLink(r) {
    const a = document.createElement("a");
    a.href = workflowUrl(r.workflow_id);
    a.target = "_blank";
    a.rel = "noopener";
    a.textContent = r.rental_id;
    return a;
  }

  async function operator() {
    const [open, debtors, stations] = await Promise.all([
      call("GET", "/api/v1/operator/rentals"),
      call("GET", "/api/v1/operator/debtors"),
      call("GET", "/api/v1/operator/stations"),
    ]);
    if (open.ok) {
      rows("open-rentals", open.json, [workflowLink, (r) => r.status, (r) => r.user_id,
        (r) => r.station_id, (r) => r.powerbank_id, (r) => when(r.run_started_at)], "no open rentals");
    } else failed("open rentals", open);
    if (debtors.ok) {
      rows("debtors", debtors.json, [(d) => d.user_id, (d) => d.debt, (d) => d.rentals], "nobody owes anything");
    } else failed("debtors", debtors);
    if (stations.ok) {
      rows("stations", stations.json, [(s) => s.station_id, (s) => s.tariff_id, (s) => s.available_powerbanks],
        "no stations");
    } else failed("stations", stations);
  }

  async function links() {
    const res = await call("GET", "/api/v1/operator/links");
    if (!res.ok) return;
    state.links = res.json;
    $("temporal-link").href = `${res.json.temporal_ui_url}/namespaces/${encodeURIComponent(res.json.namespace)}/workflows`;
  }

  $("operator-refresh").addEventListener("click", operator);

  health();
  setInterval(health, 10000);
  links();

  // Sign-in (issue 11): see auth.js. The operator view needs the operator's token.
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
    $("operator").hidden = !auth.operator;
    if (auth.operator) {
      operator();
      setInterval(operator, 5000);
    }
  });
})();
