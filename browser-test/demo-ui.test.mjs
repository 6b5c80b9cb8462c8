// The demo UI in a real browser (issue 9): Debian's chromium driven by playwright-core, against a
// running stack (make run). Signs in (authorization code with PKCE at the stubs' identity provider,
// issue 11), walks quote -> start -> one billing-tick charge -> stop -> receipt, and the operator
// view in a second page signed in as the operator; fails on any console error, page error or HTTP
// error answer either page gets.
// Screenshots go to browser-test/screenshots/ (git-ignored). Run by scripts/browser-test.sh.
//
//   API_URL (or API_PORT)  the api, default http://127.0.0.1:8000
//   CHROMIUM               the browser, default /usr/bin/chromium
//   BROWSER_TICK_WAIT      seconds to wait for the first tick charge, default 90
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const API = process.env.API_URL || `http://127.0.0.1:${process.env.API_PORT || 8000}`;
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const TICK_WAIT_MS = Number(process.env.BROWSER_TICK_WAIT || 90) * 1000;
const SHOTS = fileURLToPath(new URL("./screenshots/", import.meta.url));
const USER = `ui-user-${Date.now().toString(36)}`;

const problems = [];
let passed = 0;
let failed = 0;
function check(ok, what) {
  console.log(`${ok ? "PASS" : "FAIL"}  ${what}`);
  if (ok) passed++; else failed++;
  return ok;
}

mkdirSync(SHOTS, { recursive: true });
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox"] });

// A page in a context of its own (its own sessionStorage and cookies), watched for problems.
async function watchedPage(name) {
  const p = await (await browser.newContext({ viewport: { width: 1280, height: 1400 } })).newPage();
  p.on("console", (msg) => {
    if (msg.type() === "error" || msg.type() === "warning") problems.push(`${name} console ${msg.type()}: ${msg.text()}`);
  });
  p.on("pageerror", (e) => problems.push(`${name} page error: ${e.message}`));
  p.on("response", (r) => {
    if (r.status() >= 400) problems.push(`${name} HTTP ${r.status()} ${r.request().method()} ${r.url()}`);
  });
  return p;
}

// Sign in through the identity provider's login form and come back signed in.
async function signIn(p, user, password) {
  await p.fill("#user-id", user);
  await p.click("#sign-in");
  await p.waitForSelector("input[name=username]", { timeout: 30000 });
  await p.fill("input[name=username]", user);
  await p.fill("input[name=password]", password);
  await p.click("button[type=submit]");
  await p.waitForFunction((u) => document.getElementById("who").textContent.includes(`signed in as ${u}`),
    user, { timeout: 30000 });
}

const page = await watchedPage("user");
const ops = await watchedPage("operator");
const shot = (name) => page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: true });
const text2 = (p, selector) => p.locator(selector).innerText();
const text = (selector) => text2(page, selector);

try {
  await page.goto(`${API}/`, { waitUntil: "networkidle" });
  check((await page.title()).includes("Powerbank"), "the demo page loads");
  await page.waitForFunction(() => !document.getElementById("health").textContent.includes("…"));
  check((await text("#health")) === "healthy", `health pill: ${await text("#health")}`);

  // The id fields validate in the browser: their pattern compiles under the v flag.
  await page.fill("#user-id", "no spaces allowed");
  check(!(await page.$eval("#user-id", (el) => el.validity.valid)), "an id with spaces is invalid");
  await page.fill("#user-id", USER);
  check(await page.$eval("#user-id", (el) => el.validity.valid), `${USER} is a valid id`);
  check(await page.locator("#operator").isHidden(), "no operator view before the operator signs in");
  await signIn(page, USER, "demo");
  check((await text("#who")) === `signed in as ${USER}`, `signed in: ${await text("#who")}`);
  check(await page.locator("#operator").isHidden(), "no operator view for a user");
  await page.fill("#station-id", "station-fast");
  await page.click("#quote-form button[type=submit]");
  await page.waitForSelector("#quote dd");
  check((await text("#quote")).includes("3600 RUB"), "quote shows the tariff-fast price");
  const ttl1 = await text("#quote-ttl");
  await page.waitForTimeout(2100);
  const ttl2 = await text("#quote-ttl");
  const seconds = (s) => Number((s.match(/(\d+) s/) || [])[1]);
  check(seconds(ttl2) < seconds(ttl1), `the quote TTL counts down (${ttl1} -> ${ttl2})`);
  await shot("1-quote");

  await page.click("#start");
  await page.waitForSelector("#rental .status-ACTIVE", { timeout: 60000 });
  const rentalId = (await page.locator("#rental dd").first().innerText()).trim();
  check(/^[0-9a-f-]{36}$/.test(rentalId), `rental ${rentalId} is ACTIVE`);
  const href = await page.getAttribute("#rental-temporal-link", "href");
  check(href.includes("/namespaces/") && href.endsWith(`/workflows/rental-${rentalId}`), `Temporal Web UI link ${href}`);
  const opened = await (await fetch(href)).status;
  check(opened === 200, `the Temporal Web UI answers the link (${opened})`);

  // operator view while it runs, in the operator's own page: listed once, ACTIVE, user and station
  await ops.goto(`${API}/`, { waitUntil: "networkidle" });
  await signIn(ops, "operator", "operator");
  check((await text2(ops, "#who")) === "signed in as operator (operator)", "the operator is signed in");
  await ops.click("#operator-refresh");
  await ops.waitForFunction((id) => document.getElementById("open-rentals").textContent.includes(id),
    rentalId, { timeout: 30000 });
  const row = ops.locator("#open-rentals tr", { hasText: rentalId });
  check((await row.count()) === 1, "the operator view lists the rental once");
  const cells = await row.locator("td").allInnerTexts();
  check(cells[1] === "ACTIVE" && cells[2] === USER && cells[3] === "station-fast",
    `operator row: ${cells.join(" | ")}`);
  check((await ops.locator("#stations tr").count()) > 1, "station inventory is shown");
  await ops.screenshot({ path: `${SHOTS}2-operator-view.png`, fullPage: true });

  await page.waitForFunction(() => document.getElementById("timeline").textContent.includes("tick 1: charge"),
    null, { timeout: TICK_WAIT_MS });
  check(true, `timeline shows the first tick: ${(await text("#timeline")).split("\n").slice(-1)[0]}`);
  await shot("2-active-after-one-charge");

  await page.fill("#return-station", "station-fast");
  await page.click("#stop");
  await page.waitForSelector("#rental .status-FINISHED", { timeout: 60000 });
  await page.waitForFunction(() => document.getElementById("timeline").textContent.includes("release"),
    null, { timeout: 30000 });
  const log = await text("#log");
  check(/stopped: total \d+/.test(log), `receipt: ${(log.match(/stopped: .*/) || [""])[0]}`);
  const timeline = await text("#timeline");
  check(timeline.includes("deposit hold") && timeline.includes("release of the deposit"),
    "timeline: hold ... release");
  await ops.click("#operator-refresh");
  await ops.waitForFunction((id) => !document.getElementById("open-rentals").textContent.includes(id),
    rentalId, { timeout: 30000 });
  check(true, "the finished rental left the operator's open rentals");
  await shot("3-finished");
} catch (e) {
  check(false, `walk-through: ${e.message.split("\n")[0]}`);
  await shot("failure").catch(() => {});
} finally {
  await browser.close();
}

for (const p of problems) console.log(`      ${p}`);
check(problems.length === 0, `no console errors or warnings, no HTTP errors (${problems.length})`);
console.log(`${passed} passed, ${failed} failed (screenshots: ${SHOTS})`);
process.exit(failed === 0 ? 0 : 1);
