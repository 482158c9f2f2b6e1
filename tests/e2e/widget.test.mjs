// The widget end to end against the real reference server: the demo host page
// (origin A, strict CSP, hostile CSS) loads the release widget from origin B.
//  - DSR: filled and sent by keyboard only, then read back through the admin API
//    with every field as typed; a cut connection mid-submit loses nothing and a
//    retry creates no duplicate; axe-core finds no violation in the open form.
//  - Consent: a type created through the admin API shows up, the visitor
//    declines then accepts, the server holds both records, the gated host script
//    runs only after acceptance, and a requireReaccept bump asks again.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { launch, watchedPage } from "./lib/browser.mjs";
import { startServer, adminFetch, ROOT, WORKSPACE, ORGANIZATION, PROJECT } from "./lib/server.mjs";

const AXE = readFileSync(join(ROOT, "node_modules", "axe-core", "axe.min.js"), "utf8");
const ARTIFACTS = join(ROOT, "tests", "e2e", "artifacts");
const CT = `/organizations/${ORGANIZATION}/projects/${PROJECT}/consent-types`;

let server, context;
before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await startServer();
  context = await launch();
});
after(async () => { await context?.close(); await server?.stop(); });

/** A page on the demo host page (storage is reset by each test). */
async function visit() {
  const { page, problems } = await watchedPage(context);
  await page.goto(server.demoUrl);
  return { page, problems };
}

/** Presses Tab until the focused element inside the widget has `id`. */
async function tabTo(page, id) {
  for (let i = 0; i < 60; i++) {
    const active = await page.evaluate(() => document.querySelector("privacy-widget")?.shadowRoot?.activeElement?.id);
    if (active === id) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`could not reach #${id} with Tab`);
}

async function axe(page) {
  await page.evaluate(AXE);
  const result = await page.evaluate(() =>
    window.axe.run({ include: [["privacy-widget"]] }, { resultTypes: ["violations"] }));
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

async function resetVisitor(page) {
  await page.evaluate(() => { localStorage.clear(); sessionStorage.clear(); });
}

test("a visitor files a DSR by keyboard from another origin; the admin API has it as typed", async () => {
  const { page, problems } = await visit();
  await resetVisitor(page);
  await page.reload();
  // First visit: the consent banner comes first, from the consent bundle only.
  await page.locator("privacy-widget [data-testid=pw-accept-all]").waitFor({ timeout: 30_000 });
  const wasm = () => page.evaluate(() => performance.getEntriesByType("resource")
    .map((e) => e.name).filter((u) => u.endsWith(".wasm")).map((u) => u.split("/widget/")[1]));
  assert.deepEqual(await wasm(), ["privacy-widget_bg.wasm"]);
  // The DSR form is one call away; its bundle comes then.
  await page.evaluate(() => window.PrivacyWidget.open("dsr"));
  await page.locator("privacy-widget [data-testid=pw-dsr-form]").waitFor();
  assert.deepEqual(await wasm(), ["privacy-widget_bg.wasm", "dsr/privacy-dsr_bg.wasm"]);

  const typed = {
    "pw-given-name": "Zoë", "pw-family-name": "O'Brien-Ñúñez", "pw-email": "zoe.obrien@example.ie",
    "pw-phone": "+353 1 234 5678", "pw-address": "12 <b>Harbour</b> Road", "pw-zip": "D02 XY45",
    "pw-city": "Dublin", "pw-country": "ie", "pw-message": "Please send a copy of my data.\nThanks & regards",
  };
  await tabTo(page, "pw-purpose-Access");
  await page.keyboard.press("Space");
  await tabTo(page, "pw-purpose-Erasure");
  await page.keyboard.press("Space");
  for (const [id, value] of Object.entries(typed)) {
    await tabTo(page, id);
    await page.keyboard.type(value);
  }
  await tabTo(page, "pw-person-category");
  await page.keyboard.press("ArrowDown"); // first category after "Choose…"
  const violations = await axe(page);
  assert.deepEqual(violations, [], "axe-core: open DSR form");
  await page.screenshot({ path: join(ARTIFACTS, "widget-dsr-form.png"), fullPage: true });

  await tabTo(page, "pw-message");
  await page.keyboard.press("Tab"); // to the submit button
  await page.keyboard.press("Enter");
  const reference = page.locator("privacy-widget [data-testid=pw-dsr-reference]");
  await reference.waitFor({ timeout: 15_000 });
  const id = Number((await reference.textContent()).replace("#", ""));
  await page.screenshot({ path: join(ARTIFACTS, "widget-dsr-success.png") });

  const { status, body } = await adminFetch(server, `/v1/ws/${WORKSPACE}/DataSubjectRequests/${id}`);
  assert.equal(status, 200);
  assert.equal(body.givenName, "Zoë");
  assert.equal(body.familyName, "O'Brien-Ñúñez");
  assert.equal(body.email, "zoe.obrien@example.ie");
  assert.equal(body.phoneNumber, "+353 1 234 5678");
  assert.equal(body.address, "12 <b>Harbour</b> Road");
  assert.equal(body.zipCode, "D02 XY45");
  assert.equal(body.city, "Dublin");
  assert.equal(body.countryCode, "IE");
  assert.equal(body.message, "Please send a copy of my data.\nThanks & regards");
  assert.deepEqual(body.purposes, ["Access", "Erasure"]);
  assert.equal(body.personCategory, "Prospect");
  assert.equal(body.channel, "Widget");
  assert.equal(body.widgetId, 1);
  assert.equal(body.locale, "en");
  assert.ok(body.referrerUrl.startsWith(server.demoUrl), body.referrerUrl);
  assert.equal(body.state, "Open");
  assert.ok(body.expiryTime, "legal deadline stored");
  assert.deepEqual(problems, []);
  await page.close();
});

test("a connection cut mid-submit loses nothing, and the retry creates no duplicate", async () => {
  const { page, problems } = await watchedPage(context);
  await page.goto(server.demoUrl);
  await resetVisitor(page);
  await page.reload();
  await page.evaluate(() => window.PrivacyWidget.open("dsr"));
  const w = (sel) => page.locator(`privacy-widget ${sel}`);
  await w("[data-testid=pw-dsr-form]").waitFor({ timeout: 30_000 });
  const email = `cut.${Date.now()}@example.org`;
  await w("#pw-purpose-Rectification").check();
  await w("#pw-given-name").fill("Cut");
  await w("#pw-email").fill(email);
  await w("#pw-message").fill("My address is wrong.");

  // The server receives the request and commits it, but the answer never
  // arrives: the most dangerous moment for duplicates.
  let cut = true, delivered = 0;
  await page.route("**/DataSubjectRequests", async (route) => {
    if (!cut || route.request().method() !== "POST") return route.continue();
    await route.fetch();
    delivered++;
    await route.abort("connectionreset");
  });
  await w("[data-testid=pw-submit]").click();
  await w("[data-testid=pw-send-error]").waitFor({ timeout: 20_000 });
  // The api module retried the idempotent POST twice (backoff) before giving up.
  assert.equal(delivered, 3, "one attempt and two automatic retries reached the server");
  assert.equal(await w("#pw-email").inputValue(), email, "nothing typed is lost");
  assert.equal(await w("#pw-message").inputValue(), "My address is wrong.");
  assert.match(await w("[data-testid=pw-submit]").textContent(), /Try again/);
  await page.screenshot({ path: join(ARTIFACTS, "widget-dsr-cut.png") });

  // A reload keeps the draft (and its idempotency key) too.
  await page.unroute("**/DataSubjectRequests");
  cut = false;
  await page.reload();
  await page.evaluate(() => window.PrivacyWidget.open("dsr"));
  await w("[data-testid=pw-draft-restored]").waitFor({ timeout: 30_000 });
  assert.equal(await w("#pw-email").inputValue(), email);
  await w("[data-testid=pw-submit]").click();
  await w("[data-testid=pw-dsr-reference]").waitFor({ timeout: 15_000 });

  const { body } = await adminFetch(server, `/v1/ws/${WORKSPACE}/DataSubjectRequests?q=${encodeURIComponent("Cut")}&size=100`);
  const mine = body.items.filter((d) => d.email === email);
  assert.equal(mine.length, 1, `exactly one request after ${delivered} cut attempt(s) and a retry`);
  // The console shows the cut connection; nothing else may be wrong.
  assert.deepEqual(problems.filter((p) => !/ERR_CONNECTION_RESET|Failed to load resource|net::/.test(p)), []);
  await page.close();
});

test("consent: decline then accept, records on the server, gated script, re-ask on version bump", async () => {
  const label = `e2e_${Date.now()}`;
  const created = await adminFetch(server, CT, {
    method: "POST",
    body: { category: "communication", label, name: "Product news by e-mail", description: "A monthly e-mail about new gear." },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));

  const { page, problems } = await watchedPage(context);
  await page.goto(server.demoUrl);
  await resetVisitor(page);
  await page.reload();
  const w = (sel) => page.locator(`privacy-widget ${sel}`);
  await w("[data-testid=pw-customise]").waitFor({ timeout: 30_000 });
  assert.equal(await page.evaluate(() => document.body.dataset.analytics), undefined, "gated script inert before any choice");
  assert.deepEqual(await axe(page), [], "axe-core: consent banner");
  await page.screenshot({ path: join(ARTIFACTS, "widget-consent-banner.png") });

  // Decline everything from the banner.
  await w("[data-testid=pw-reject-all]").click();
  await page.waitForFunction(() => Object.keys(window.PrivacyWidget.choices()).length > 0);
  assert.equal((await page.evaluate(() => window.PrivacyWidget.choices()))[label], false);
  assert.equal(await page.evaluate(() => document.body.dataset.analytics), undefined, "still inert after declining");

  // Then accept ours and analytics in the preferences.
  await page.evaluate(() => window.PrivacyWidget.open("preferences"));
  await w(`[data-label=${label}] [role=switch]`).waitFor();
  assert.deepEqual(await axe(page), [], "axe-core: consent preferences");
  await page.screenshot({ path: join(ARTIFACTS, "widget-consent-preferences.png"), fullPage: true });
  await w(`[data-label=${label}] [role=switch]`).click();
  await w("[data-label=analytics] [role=switch]").click();
  await w("[data-testid=pw-save]").click();
  await page.waitForFunction(() => document.body.dataset.analytics === "on");

  const subject = await page.evaluate((k) => JSON.parse(localStorage.getItem(k)).subjectId, `pw-consent:${PROJECT}`);
  let records = [];
  for (let i = 0; i < 50 && records.filter((r) => r.consentTypeId === created.body.id).length < 2; i++) {
    records = (await adminFetch(server, `/organizations/${ORGANIZATION}/projects/${PROJECT}/consent-records?subjectId=${subject}`)).body;
    await new Promise((r) => setTimeout(r, 100));
  }
  const ours = records.filter((r) => r.consentTypeId === created.body.id).map((r) => r.state);
  assert.deepEqual(ours, ["declined", "accepted"], "the server holds both records, in order");

  // A returning visitor: the gated script runs at once, no wasm is fetched.
  await page.reload();
  await page.waitForFunction(() => document.body.dataset.analytics === "on");
  await page.locator("privacy-widget [data-testid=pw-launcher]").waitFor();
  const wasm = await page.evaluate(() => performance.getEntriesByType("resource").filter((e) => e.name.endsWith(".wasm")).length);
  assert.equal(wasm, 0, "a returning visitor with nothing to answer loads no wasm");

  // The admin changes the text and requires a new answer: asked again, for that type only.
  const changed = await adminFetch(server, `${CT}/${created.body.id}`, {
    method: "PUT",
    body: { category: "communication", label, name: "Product news by e-mail", description: "Now weekly, with partner offers.", requireReaccept: true },
  });
  assert.equal(changed.status, 200, JSON.stringify(changed.body));
  assert.equal(changed.body.requireReacceptVersion, changed.body.version);
  await page.reload();
  await w("[data-testid=pw-reask-notice]").waitFor({ timeout: 30_000 });
  const asked = await page.locator("privacy-widget [data-testid=pw-consent-item]").evaluateAll((els) => els.map((e) => e.dataset.label));
  assert.deepEqual(asked, [label]);
  await page.screenshot({ path: join(ARTIFACTS, "widget-consent-reask.png") });
  assert.deepEqual(problems, []);
  await page.close();
});
