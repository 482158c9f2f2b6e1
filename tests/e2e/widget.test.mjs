// The widget end to end against the real reference server: the demo host page
// (origin A, strict CSP, hostile CSS) loads the release widget from origin B.
//  - First screen: with every .wasm request blocked, the loader alone shows
//    the banner, stores Accept all / Reject all, gates the host's scripts and
//    records the decision; then Customise and the menu load the view bundles;
//    the widget keeps its size on hosts with a 10px or 72px root font.
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

/** Relative paths (under /widget/) of the .wasm files the page fetched. */
function wasmFetched(page) {
  return page.evaluate(() => performance.getEntriesByType("resource")
    .map((e) => e.name).filter((u) => u.endsWith(".wasm")).map((u) => u.split("/widget/")[1]));
}

/** The visitor's stored consent (localStorage of the host page). */
function storedConsent(page) {
  return page.evaluate((k) => JSON.parse(localStorage.getItem(k) || "{}"), `pw-consent:${PROJECT}`);
}

/** The server's consent records of `subject`, once at least `n` are there. */
async function records(subject, n) {
  for (let i = 0; ; i++) {
    const list = (await adminFetch(server, `/organizations/${ORGANIZATION}/projects/${PROJECT}/consent-records?subjectId=${subject}`)).body;
    if (list.length >= n || i === 100) return list;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function resetVisitor(page) {
  await page.evaluate(() => { localStorage.clear(); sessionStorage.clear(); });
}

test("a visitor files a DSR by keyboard from another origin; the admin API has it as typed", async () => {
  const { page, problems } = await watchedPage(context);
  // A host URL with a token in its query and fragment: neither reaches the DSR.
  await page.goto(`${server.demoUrl}/?token=s3cret#access_token=s3cret`);
  await resetVisitor(page);
  await page.reload();
  // First visit: the banner is the loader's own, no wasm at all.
  await page.locator("privacy-widget [data-testid=pw-accept-all]").waitFor({ timeout: 30_000 });
  assert.deepEqual(await wasmFetched(page), []);
  // The DSR form is one call away; its bundle comes then, and only it.
  await page.evaluate(() => window.PrivacyWidget.open("dsr"));
  await page.locator("privacy-widget [data-testid=pw-dsr-form]").waitFor();
  const fetched = await wasmFetched(page);
  assert.equal(fetched.length, 1, fetched.join());
  assert.match(fetched[0], /^dsr\/privacy-dsr-[0-9a-f]{16}_bg\.wasm$/);

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
  assert.equal(body.referrerUrl, `${server.demoUrl}/`, "origin and path only");
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
    body: { category: "communication", subcategory: "email", label, name: "Product news by e-mail", description: "A monthly e-mail about new gear." },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));

  const { page, problems } = await watchedPage(context);
  await page.goto(server.demoUrl);
  await resetVisitor(page);
  await page.reload();
  const w = (sel) => page.locator(`privacy-widget ${sel}`);
  await w("[data-testid=pw-customise]").waitFor({ timeout: 30_000 });
  assert.equal(await page.evaluate(() => document.body.dataset.analytics), undefined, "gated script inert before any choice");
  await page.screenshot({ path: join(ARTIFACTS, "widget-consent-banner.png") });

  // Decline everything from the banner.
  await w("[data-testid=pw-reject-all]").click();
  await page.waitForFunction(() => Object.keys(window.PrivacyWidget.choices()).length > 0);
  assert.equal((await page.evaluate(() => window.PrivacyWidget.choices()))[label], false);
  assert.equal(await page.evaluate(() => document.body.dataset.analytics), undefined, "still inert after declining");
  await w("[data-testid=pw-launcher]").waitFor();

  // Then accept ours and analytics in the preferences.
  await page.evaluate(() => window.PrivacyWidget.open("preferences"));
  await w(`[data-label=${label}] [role=switch]`).waitFor();
  assert.deepEqual(await axe(page), [], "axe-core: consent preferences");
  await page.screenshot({ path: join(ARTIFACTS, "widget-consent-preferences.png"), fullPage: true });
  await w(`[data-label=${label}] [role=switch]`).click();
  await w("[data-label=analytics] [role=switch]").click();
  await w("[data-testid=pw-save]").click();
  await page.waitForFunction(() => document.body.dataset.analytics === "on");

  const { subjectId } = await storedConsent(page);
  let held = [];
  for (let i = 0; i < 50 && held.filter((r) => r.consentTypeId === created.body.id).length < 2; i++) {
    held = await records(subjectId, 0);
    await new Promise((r) => setTimeout(r, 100));
  }
  const ours = held.filter((r) => r.consentTypeId === created.body.id).map((r) => r.state);
  assert.deepEqual(ours, ["declined", "accepted"], "the server holds both records, in order");

  // A returning visitor: the gated script runs at once, no wasm is fetched,
  // and the manifest is revalidated (304) from the second view on.
  // The page sees the cached 200 either way; the wire status is in CDP's extra info.
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  const manifestIds = [], wire = {};
  cdp.on("Network.requestWillBeSent", (e) => { if (e.request.url.includes("/consent-manifest")) manifestIds.push(e.requestId); });
  cdp.on("Network.responseReceivedExtraInfo", (e) => { wire[e.requestId] = e.statusCode; });
  for (let view = 0; view < 2; view++) {
    await page.reload();
    await page.waitForFunction(() => document.body.dataset.analytics === "on");
    await page.locator("privacy-widget [data-testid=pw-launcher]").waitFor();
    assert.deepEqual(await wasmFetched(page), [], "a returning visitor with nothing to answer loads no wasm");
  }
  const manifest = manifestIds.map((id) => wire[id]);
  assert.equal(manifest.length, 2, `one manifest request per view: ${manifest}`);
  assert.equal(manifest[1], 304, `the second view revalidates: ${manifest}`);
  await cdp.detach();

  // The admin changes the text and requires a new answer: asked again, for that type only.
  const changed = await adminFetch(server, `${CT}/${created.body.id}`, {
    method: "PUT",
    body: { category: "communication", subcategory: "email", label, name: "Product news by e-mail", description: "Now weekly, with partner offers.", requireReaccept: true },
  });
  assert.equal(changed.status, 200, JSON.stringify(changed.body));
  assert.equal(changed.body.requireReacceptVersion, changed.body.version);
  await page.reload();
  await w("[data-testid=pw-reask-notice]").waitFor({ state: "visible", timeout: 30_000 });
  await page.screenshot({ path: join(ARTIFACTS, "widget-consent-reask.png") });
  await w("[data-testid=pw-customise]").click();
  await w("[data-testid=pw-consent-item]").first().waitFor();
  const asked = await page.locator("privacy-widget [data-testid=pw-consent-item]").evaluateAll((els) => els.map((e) => e.dataset.label));
  assert.deepEqual(asked, [label]);
  assert.deepEqual(problems, []);
  await page.close();
});

test("first visit with every .wasm request blocked: the loader's banner stores, gates and records; the bundles load after", async () => {
  const { page, problems } = await watchedPage(context);
  await page.goto(server.demoUrl);
  await resetVisitor(page);
  const blocked = [];
  await page.route("**/*.wasm", (route) => { blocked.push(route.request().url()); return route.abort(); });
  await page.reload();
  const w = (sel) => page.locator(`privacy-widget ${sel}`);
  await w("[data-testid=pw-accept-all]").waitFor({ state: "visible", timeout: 30_000 });
  assert.equal(await w("[data-testid=pw-banner] a").getAttribute("href"), `${server.demoUrl}/#privacy`, "privacy policy link");
  for (const scheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme: scheme });
    assert.deepEqual(await axe(page), [], `axe-core: banner, ${scheme}`);
  }
  await page.emulateMedia({ colorScheme: "light" });

  await w("[data-testid=pw-accept-all]").click();
  await page.waitForFunction(() => document.body.dataset.analytics === "on");
  const stored = await storedConsent(page);
  assert.equal(stored.choices.analytics.state, "accepted");
  assert.ok(stored.choices.newsletter.expires > Date.now(), "expiry from consentDuration");
  const held = await records(stored.subjectId, 4);
  assert.ok(held.length >= 4, `the server has the decisions: ${JSON.stringify(held)}`);
  assert.ok(held.every((r) => r.state === "accepted"), "accept all");
  await page.waitForFunction((k) => !JSON.parse(localStorage.getItem(k)).unsent, `pw-consent:${PROJECT}`);
  assert.deepEqual(blocked, [], "no wasm was even asked for");

  // The panel closed to the launcher; the menu is the loader's too.
  await w("[data-testid=pw-launcher]").click();
  await w("[data-testid=pw-open-consent]").waitFor();
  for (const scheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme: scheme });
    assert.deepEqual(await axe(page), [], `axe-core: menu, ${scheme}`);
  }
  await page.emulateMedia({ colorScheme: "light" });
  await w("[data-testid=pw-close]").click();

  // Reject all after a reload, still without wasm: every optional type declined.
  await resetVisitor(page);
  await page.reload();
  await w("[data-testid=pw-reject-all]").click();
  await page.waitForFunction(() => Object.keys(window.PrivacyWidget.choices()).length > 0);
  const choices = await page.evaluate(() => window.PrivacyWidget.choices());
  assert.equal(choices.analytics, false);
  assert.equal(choices.privacy_policy, true, "a required type stays accepted");
  assert.deepEqual(blocked, []);

  // With wasm allowed again, Customise loads the preferences bundle only.
  await page.unroute("**/*.wasm");
  await resetVisitor(page);
  await page.reload();
  await w("[data-testid=pw-customise]").click();
  await w("[data-testid=pw-save]").waitFor({ timeout: 30_000 });
  const fetched = await wasmFetched(page);
  assert.equal(fetched.length, 1, fetched.join());
  assert.match(fetched[0], /^prefs\/privacy-prefs-[0-9a-f]{16}_bg\.wasm$/);
  for (const scheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme: scheme });
    assert.deepEqual(await axe(page), [], `axe-core: preferences, ${scheme}`);
  }
  await page.screenshot({ path: join(ARTIFACTS, "widget-preferences-dark.png") });
  await page.emulateMedia({ colorScheme: "light" });
  // The language switch is the loader's; the mounted view follows it.
  await w("[data-testid=pw-locale]").selectOption("fr");
  await page.waitForFunction(() => document.querySelector("privacy-widget").shadowRoot
    .querySelector("[data-testid=pw-save]").textContent.includes("Enregistrer"));
  await w("[data-testid=pw-save]").click();
  await w("[data-testid=pw-launcher]").waitFor();
  assert.match(await w("[data-testid=pw-launcher]").textContent(), /confidentialité/);

  // The DSR form opens from the menu, in the language chosen.
  await w("[data-testid=pw-launcher]").click();
  await w("[data-testid=pw-open-dsr]").click();
  await w("[data-testid=pw-dsr-form]").waitFor({ timeout: 30_000 });
  await page.emulateMedia({ colorScheme: "dark" });
  assert.deepEqual(await axe(page), [], "axe-core: DSR form, dark");
  await page.emulateMedia({ colorScheme: "light" });
  assert.deepEqual(problems, []);
  await page.close();
});

for (const rootSize of ["10px", "72px"]) {
  test(`a host root font of ${rootSize} does not resize the widget`, async () => {
    const { page, problems } = await watchedPage(context);
    await page.goto(server.demoUrl);
    await resetVisitor(page);
    await page.reload();
    // Through the CSSOM, which the host's CSP allows (no style attribute in markup).
    await page.evaluate((size) => { document.documentElement.style.fontSize = size; }, rootSize);
    const w = (sel) => page.locator(`privacy-widget ${sel}`);
    await w("[data-testid=pw-accept-all]").waitFor({ state: "visible", timeout: 30_000 });
    const sizes = async () => page.evaluate(() => {
      const root = document.querySelector("privacy-widget").shadowRoot;
      const px = (el) => parseFloat(getComputedStyle(el).fontSize);
      // Text and controls that show text (a checkbox has no text to size).
      const all = [...root.querySelectorAll(".pw-title, .pw-intro, button, select, input:not([type=checkbox]), textarea, label, .pw-choice-name")];
      const panel = root.querySelector(".pw-panel").getBoundingClientRect();
      return {
        sizes: all.filter((el) => el.getClientRects().length).map(px),
        fits: panel.left >= 0 && panel.top >= 0 && panel.right <= innerWidth && panel.bottom <= innerHeight,
      };
    });
    const banner = await sizes();
    assert.ok(banner.sizes.length >= 4, "text and controls measured");
    assert.ok(banner.sizes.every((s) => s >= 14 && s <= 20), `banner font sizes ${banner.sizes}`);
    assert.ok(banner.fits, "the banner fits the viewport");
    if (rootSize === "10px") await page.screenshot({ path: join(ARTIFACTS, "widget-banner-root-10px.png") });
    await w("[data-testid=pw-customise]").click();
    await w("[data-testid=pw-save]").waitFor({ timeout: 30_000 });
    const prefs = await sizes();
    assert.ok(prefs.sizes.every((s) => s >= 14 && s <= 20), `preferences font sizes ${prefs.sizes}`);
    assert.ok(prefs.fits, "the preferences panel fits the viewport");
    if (rootSize === "72px") await page.screenshot({ path: join(ARTIFACTS, "widget-preferences-root-72px.png") });
    await page.evaluate(() => window.PrivacyWidget.open("dsr"));
    await w("[data-testid=pw-dsr-form]").waitFor({ timeout: 30_000 });
    const form = await sizes();
    assert.ok(form.sizes.every((s) => s >= 14 && s <= 20), `form font sizes ${form.sizes}`);
    assert.ok(form.fits, "the form's panel fits the viewport");
    assert.deepEqual(problems, []);
    await page.close();
  });
}
