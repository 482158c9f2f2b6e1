// Region rules and the refusal period (issue 15, points 5 and 6) against the
// release loader and the real server started with PW_REGION_HEADER=CF-IPCountry
// (the header a CDN in front of the server sets): the workspace's settings make
// the US opt-out and leave every other region opt-in. `DE` and no header show
// the banner; `US` shows none, runs the host's gated script, and offers "Do not
// sell or share my personal information" in the menu, which records an opt-out
// (source opt-out, policy opt-out, region US); GPC under US runs nothing
// optional; `BR` (notice) shows one acknowledgement and runs the script;
// `data-region` on the tag wins over the header. A refusal older than
// the workspace's declinedDuration (P6M) is asked again, a younger one is not
// (time injected through the stored choice's date). A Reject all appears in
// the CSV export.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { watchedPage } from "./lib/browser.mjs";
import { startHost } from "./lib/host.mjs";
import { adminFetch, ORGANIZATION, PROJECT, PUBLIC_KEY, ROOT } from "./lib/server.mjs";
import { join } from "node:path";
import { readFileSync } from "node:fs";

const RECORDS = `/organizations/${ORGANIZATION}/projects/${PROJECT}/consent-records`;
const CT = `/organizations/${ORGANIZATION}/projects/${PROJECT}/consent-types`;
const STORE = `pw-consent:${PROJECT}`;
const ARTIFACTS = join(ROOT, "tests", "e2e", "artifacts");

let server, browser, host, routes, stop;
before(async () => {
  ({ server, browser, host, routes, stop } = await startHost({ env: { PW_REGION_HEADER: "CF-IPCountry" } }));
  const settings = await adminFetch(server, "/v1/ws/1/settings", {
    method: "PUT",
    body: { defaultPolicy: "opt-in", regionRules: [{ region: "US", policy: "opt-out" }, { region: "BR", policy: "notice" }], declinedDuration: "P6M" },
  });
  assert.equal(settings.status, 200, JSON.stringify(settings.body));
  const r = await adminFetch(server, CT, {
    method: "POST",
    body: { category: "privacy_setting", subcategory: "cookies", label: "ads", name: "Advertising", consentMode: ["ad_storage"] },
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  routes["/ads.js"] = { headers: { "content-type": "text/javascript" }, body: "window.adsRan = true;" };
  const csp = `default-src 'self'; script-src 'self' ${server.url} 'wasm-unsafe-eval'; ` +
    `style-src 'self'; connect-src 'self' ${server.url}`;
  const page = (extra = "") => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Store</title></head>
<body><h1>Store</h1>
<script type="text/plain" data-consent="ads" src="/ads.js"></script>
<script src="${server.url}/widget/loader.js" data-api="${server.url}" data-workspace="1" ${extra}
  data-organization="${ORGANIZATION}" data-project="${PROJECT}" data-key="${PUBLIC_KEY}"></script>
</body></html>`;
  routes["/store.html"] = { headers: { "content-security-policy": csp }, body: page() };
  routes["/store-us.html"] = { headers: { "content-security-policy": csp }, body: page('data-region="us"') };
});
after(async () => { await stop?.(); });

/** A first visit of `path` whose manifest request carries `country` as the
 * CDN header (none: no header). Waits until the manifest was answered. */
async function visit(path, country, { gpc = false, stored } = {}) {
  const { page, problems } = await watchedPage(browser);
  if (gpc) await page.addInitScript(() => Object.defineProperty(Navigator.prototype, "globalPrivacyControl", { get: () => true }));
  await page.route("**/consent-manifest*", (route) => {
    const headers = { ...route.request().headers() };
    if (country) headers["cf-ipcountry"] = country;
    return route.continue({ headers });
  });
  await page.goto(`${host.url}${path}`);
  await page.evaluate(([k, v]) => { localStorage.clear(); if (v) localStorage.setItem(k, JSON.stringify(v)); }, [STORE, stored]);
  const manifest = page.waitForResponse((r) => r.url().includes("/consent-manifest"));
  await page.reload();
  await manifest;
  await page.locator("privacy-widget .pw-root > *").first().waitFor();
  await page.waitForTimeout(200); // the manifest's answer is applied
  return { page, problems };
}

const banner = (page) => page.locator("privacy-widget [data-testid=pw-banner]");

test("DE and an unknown region get the banner, nothing optional runs", async () => {
  for (const country of ["DE", null]) {
    const { page, problems } = await visit("/store.html", country);
    assert.equal(await banner(page).isVisible(), true, `banner for ${country}`);
    assert.equal(await page.evaluate(() => window.adsRan === true), false);
    assert.deepEqual(problems, []);
    await page.close();
  }
});

test("US: no banner, gated scripts run, and the menu offers the opt-out", async () => {
  const { page, problems } = await visit("/store.html", "US");
  assert.equal(await banner(page).count(), 0);
  await page.waitForFunction(() => window.adsRan === true);
  await page.locator("privacy-widget [data-testid=pw-launcher]").click();
  await page.locator("privacy-widget [data-testid=pw-open-opt-out]").click();
  const entry = page.locator("privacy-widget [data-testid=pw-opt-out]");
  await entry.waitFor();
  await page.evaluate(readFileSync(join(ROOT, "node_modules", "axe-core", "axe.min.js"), "utf8"));
  const axe = await page.evaluate(() => window.axe.run({ include: [["privacy-widget"]] }, { resultTypes: ["violations"] }));
  assert.deepEqual(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(" ")}`), []);
  await page.screenshot({ path: join(ARTIFACTS, "widget-opt-out.png") });

  await page.locator("privacy-widget [data-testid=pw-do-not-sell]").click();
  await page.locator("privacy-widget [data-testid=pw-opted-out]").waitFor();
  const stored = await page.evaluate((k) => JSON.parse(localStorage.getItem(k)), STORE);
  assert.equal(stored.choices.ads.state, "declined");
  let records = [];
  for (let i = 0; i < 100 && !records.length; i++) {
    records = (await adminFetch(server, `${RECORDS}?subjectId=${stored.subjectId}`)).body;
    if (!records.length) await new Promise((r) => setTimeout(r, 100));
  }
  const ads = records.find((r) => r.state === "declined");
  assert.equal(ads?.source, "opt-out", JSON.stringify(records));
  assert.equal(ads.policy, "opt-out");
  assert.equal(ads.region, "US");
  assert.equal(ads.gpc, false);
  // The next page view: the opt-out holds, no banner, the script stays off.
  await page.reload();
  await page.locator("privacy-widget [data-testid=pw-launcher]").waitFor();
  await page.waitForTimeout(200);
  assert.equal(await page.evaluate(() => window.adsRan === true), false);
  assert.equal(await banner(page).count(), 0);
  assert.deepEqual(problems, []);
  await page.close();
});

test("US with Global Privacy Control: GPC is the opt-out", async () => {
  const { page, problems } = await visit("/store.html", "US", { gpc: true });
  assert.equal(await banner(page).count(), 0);
  await page.locator("privacy-widget [data-testid=pw-launcher]").waitFor();
  assert.equal(await page.evaluate(() => window.adsRan === true), false);
  assert.deepEqual(problems, []);
  await page.close();
});

test("BR (notice): one acknowledgement, optional types run", async () => {
  const { page, problems } = await visit("/store.html", "BR");
  const notice = page.locator("privacy-widget [data-testid=pw-notice]");
  await notice.waitFor();
  assert.equal(await banner(page).count(), 0);
  await page.waitForFunction(() => window.adsRan === true);
  await page.evaluate(readFileSync(join(ROOT, "node_modules", "axe-core", "axe.min.js"), "utf8"));
  const axe = await page.evaluate(() => window.axe.run({ include: [["privacy-widget"]] }, { resultTypes: ["violations"] }));
  assert.deepEqual(axe.violations.map((v) => v.id), []);
  await page.locator("privacy-widget [data-pw=acknowledge]").click();
  await page.locator("privacy-widget [data-testid=pw-launcher]").waitFor();
  await page.reload();
  await page.locator("privacy-widget [data-testid=pw-launcher]").waitFor();
  await page.waitForTimeout(200);
  assert.equal(await notice.count(), 0, "acknowledged once");
  assert.deepEqual(problems, []);
  await page.close();
});

test("data-region on the tag wins over the CDN header", async () => {
  const { page, problems } = await visit("/store-us.html", "DE");
  assert.equal(await banner(page).count(), 0);
  await page.waitForFunction(() => window.adsRan === true);
  assert.deepEqual(problems, []);
  await page.close();
});

test("a refusal is asked again after the workspace's declinedDuration, not before", async () => {
  const types = (await adminFetch(server, CT)).body;
  const ads = types.find((t) => t.label === "ads");
  const month = 30.5 * 86400000;
  const refusal = (ago) => ({
    subjectId: "8d8e1c57-2e4f-4a55-9d53-3c7d0c2b1a10",
    choices: Object.fromEntries(types.filter((t) => t.status === "active").map((t) => [t.label, {
      id: t.id, version: t.version ?? 1, state: t.id === ads.id ? "declined" : "accepted", at: Date.now() - ago,
    }])),
  });
  const young = await visit("/store.html", "DE", { stored: refusal(5 * month) });
  assert.equal(await banner(young.page).count(), 0, "a five-month-old refusal stands");
  await young.page.close();
  const old = await visit("/store.html", "DE", { stored: refusal(7 * month) });
  await banner(old.page).waitFor();
  assert.equal(await old.page.locator("privacy-widget [data-testid=pw-reask-notice]").isVisible(), true);
  assert.deepEqual(old.problems, []);
  await old.page.close();
});

test("a Reject all is recorded and exported", async () => {
  const { page, problems } = await visit("/store.html", "DE");
  await page.locator("privacy-widget [data-testid=pw-reject-all]").click();
  const subject = await page.evaluate((k) => JSON.parse(localStorage.getItem(k)).subjectId, STORE);
  let csv = "";
  for (let i = 0; i < 100 && !csv.includes(subject); i++) {
    const res = await fetch(`${server.url}${RECORDS}/export?format=csv&subjectId=${subject}`, { headers: { "x-api-key": server.adminKey } });
    assert.equal(res.status, 200);
    csv = await res.text();
    if (!csv.includes(subject)) await new Promise((r) => setTimeout(r, 100));
  }
  const rows = csv.trim().split("\n");
  const header = rows[0].split(",");
  const state = header.indexOf("state"), policy = header.indexOf("policy");
  const ads = rows.slice(1).map((r) => r.split(",")).filter((r) => r.includes(subject));
  assert.ok(ads.length >= 1, csv);
  assert.ok(ads.every((r) => r[state] === "declined" || r[state] === "accepted"));
  assert.ok(ads.some((r) => r[state] === "declined"), csv);
  assert.ok(ads.every((r) => r[policy] === "opt-in"), csv);
  assert.deepEqual(problems, []);
  await page.close();
});
