// Consent for the tags sites run (issue 15): Google Consent Mode v2 (point 1)
// and embeds blocked until consent (point 4), against the release
// loader and the real server: a strict-CSP host page includes the loader as a
// plain script, then a stand-in Google tag (`gtag('js')`, `gtag('config')`).
// The dataLayer must show `consent default` (everything denied, wait_for_update)
// before the tag's `config`, then `consent update` with the types' mapped
// signals after Accept all and after Reject all, each with a dataLayer event;
// with Global Privacy Control, Accept all grants no ad signal. An
// `<iframe data-consent data-src>` stays empty behind an accessible
// placeholder naming its type until "Allow and load" (recorded with source
// placeholder) or an acceptance in the preferences panel loads it, without a reload.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { watchedPage } from "./lib/browser.mjs";
import { startHost } from "./lib/host.mjs";
import { adminFetch, ORGANIZATION, PROJECT, PUBLIC_KEY, ROOT } from "./lib/server.mjs";
import { join } from "node:path";
import { readFileSync } from "node:fs";

const CT = `/organizations/${ORGANIZATION}/projects/${PROJECT}/consent-types`;
const AD = ["ad_storage", "ad_user_data", "ad_personalization"];

let server, browser, host, routes, stop;
before(async () => {
  ({ server, browser, host, routes, stop } = await startHost());
  for (const [label, consentMode] of [["ads", AD], ["stats", ["analytics_storage"]]]) {
    const r = await adminFetch(server, CT, {
      method: "POST",
      body: { category: "privacy_setting", subcategory: "cookies", label, name: `Type ${label}`, consentMode },
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
  }
  routes["/gtag.js"] = {
    headers: { "content-type": "text/javascript" },
    // The Google tag's own snippet, as a file (the CSP allows no inline script).
    body: "window.dataLayer = window.dataLayer || []; function gtag(){ dataLayer.push(arguments); }\n" +
      "gtag('js', new Date()); gtag('config', 'G-TEST');",
  };
  routes["/shop.html"] = {
    headers: {
      "content-security-policy": `default-src 'self'; script-src 'self' ${server.url} 'wasm-unsafe-eval'; ` +
        `style-src 'self'; connect-src 'self' ${server.url}`,
    },
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title>
<script src="${server.url}/widget/loader.js" data-api="${server.url}" data-workspace="1"
  data-organization="${ORGANIZATION}" data-project="${PROJECT}" data-key="${PUBLIC_KEY}"></script>
<script src="/gtag.js"></script>
</head><body><h1>Shop</h1></body></html>`,
  };
  routes["/frame.html"] = { body: "<!doctype html><title>Video</title><p>The video.</p>" };
  routes["/embeds.html"] = {
    headers: routes["/shop.html"].headers,
    body: routes["/shop.html"].body.replace("<h1>Shop</h1>", `<h1>Shop</h1>
<iframe title="Product video" data-consent="ads" data-src="/frame.html"></iframe>
<iframe title="Statistics chart" data-consent="stats" data-src="/frame.html?stats"></iframe>`),
  };
});
after(async () => { await stop?.(); });

/** The dataLayer as plain arrays (gtag pushes `arguments` objects). */
function dataLayer(page) {
  return page.evaluate(() => window.dataLayer.map((e) =>
    Object.prototype.toString.call(e) === "[object Arguments]" ? ["gtag", ...Array.from(e)] : ["push", e]));
}

/** A first visit of the shop (stored choices and cached types cleared). */
async function visit(gpc) {
  const { page, problems } = await watchedPage(browser);
  if (gpc) await page.addInitScript(() => Object.defineProperty(Navigator.prototype, "globalPrivacyControl", { get: () => true }));
  await page.goto(`${host.url}/shop.html`);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.locator("privacy-widget [data-testid=pw-accept-all]").waitFor({ timeout: 30_000 });
  return { page, problems };
}

/** Waits for the `n`-th `consent update` and returns it with the entries. */
async function nthUpdate(page, n) {
  for (let i = 0; i < 100; i++) {
    const layer = await dataLayer(page);
    const updates = layer.filter((e) => e[0] === "gtag" && e[1] === "consent" && e[2] === "update");
    if (updates.length >= n) return { update: updates[n - 1][3], layer };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no consent update #${n}: ${JSON.stringify(await dataLayer(page))}`);
}

test("consent default before the Google tag, then update after accept and after reject", async () => {
  const { page, problems } = await visit(false);
  const layer = await dataLayer(page);
  const first = layer.findIndex((e) => e[0] === "gtag" && e[1] === "consent" && e[2] === "default");
  const config = layer.findIndex((e) => e[0] === "gtag" && e[1] === "config");
  assert.ok(first >= 0 && first < config, JSON.stringify(layer));
  const defaults = layer[first][3];
  assert.equal(defaults.wait_for_update, 500);
  for (const s of [...AD, "analytics_storage", "functionality_storage", "personalization_storage", "security_storage"])
    assert.equal(defaults[s], "denied", s);

  await page.locator("privacy-widget [data-testid=pw-accept-all]").click();
  const accepted = await nthUpdate(page, 1);
  for (const s of [...AD, "analytics_storage"]) assert.equal(accepted.update[s], "granted", s);
  assert.equal(accepted.update.functionality_storage, "denied", "no type maps it");
  const event = accepted.layer.find((e) => e[0] === "push" && e[1].event === "privacywidget_consent");
  assert.equal(event?.[1].privacywidget_choices.ads, true);

  // A returning visitor: the default already grants what the stored choice grants.
  await page.reload();
  await page.locator("privacy-widget [data-testid=pw-launcher]").waitFor();
  const again = (await dataLayer(page)).find((e) => e[1] === "consent" && e[2] === "default")[3];
  assert.equal(again.ad_storage, "granted");
  assert.equal(again.analytics_storage, "granted");

  // Reject all from the banner of a new visit.
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.locator("privacy-widget [data-testid=pw-reject-all]").click();
  const rejected = await nthUpdate(page, 1);
  for (const s of [...AD, "analytics_storage"]) assert.equal(rejected.update[s], "denied", s);
  assert.deepEqual(problems, []);
  await page.close();
});

test("with Global Privacy Control, Accept all grants no ad signal", async () => {
  const { page, problems } = await visit(true);
  assert.equal(await page.evaluate(() => navigator.globalPrivacyControl), true);
  await page.locator("privacy-widget [data-testid=pw-accept-all]").click();
  const { update } = await nthUpdate(page, 1);
  for (const s of AD) assert.equal(update[s], "denied", s);
  assert.equal(update.analytics_storage, "granted");
  assert.deepEqual(problems, []);
  await page.close();
});

test("embeds wait behind a placeholder until their type is accepted", async () => {
  const { page, problems } = await watchedPage(browser);
  await page.goto(`${host.url}/embeds.html`);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.locator("privacy-widget [data-testid=pw-accept-all]").waitFor({ timeout: 30_000 });
  const video = page.locator("iframe[data-consent=ads]");
  const chart = page.locator("iframe[data-consent=stats]");
  assert.equal(await video.getAttribute("src"), null, "nothing loaded before consent");
  assert.equal(await video.isHidden(), true);
  const placeholders = page.locator("privacy-widget-placeholder");
  // Named from the manifest once it is there.
  await placeholders.first().locator("[data-pw-name]").filter({ hasText: "Type ads" }).waitFor();
  assert.equal(await placeholders.count(), 2);
  await page.evaluate(readFileSync(join(ROOT, "node_modules", "axe-core", "axe.min.js"), "utf8"));
  const axe = await page.evaluate(() => window.axe.run({ include: [["privacy-widget-placeholder"]] }, { resultTypes: ["violations"] }));
  assert.deepEqual(axe.violations.map((v) => v.id), []);
  await page.screenshot({ path: join(ROOT, "tests", "e2e", "artifacts", "widget-embed-placeholder.png"), fullPage: true });

  // "Allow and load" accepts that type alone, and records it.
  await placeholders.first().locator("[data-pw=load]").click();
  await page.waitForFunction(() => document.querySelector("iframe[data-consent=ads]").getAttribute("src") === "/frame.html"
    || document.querySelector("iframe[data-consent=ads]").src.endsWith("/frame.html"));
  assert.equal(await video.isVisible(), true);
  assert.equal(await placeholders.count(), 1, "the chart still waits");
  assert.equal(await chart.getAttribute("src"), null);
  const subject = await page.evaluate((k) => JSON.parse(localStorage.getItem(k)).subjectId, `pw-consent:${PROJECT}`);
  let records = [];
  for (let i = 0; i < 100 && !records.length; i++) {
    records = (await adminFetch(server, `/organizations/${ORGANIZATION}/projects/${PROJECT}/consent-records?subjectId=${subject}`)).body;
    if (!records.length) await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(records[0]?.source, "placeholder", JSON.stringify(records));
  assert.equal(records.length, 1, "one decision: that type alone");
  // The banner still asks about the rest.
  assert.equal(await page.locator("privacy-widget [data-testid=pw-accept-all]").isVisible(), true);

  // Accepted elsewhere (the preferences panel): the chart loads at once, no reload.
  await page.locator("privacy-widget [data-testid=pw-customise]").click();
  const stats = page.locator("privacy-widget [data-label=stats] [role=switch]");
  await stats.waitFor({ timeout: 30_000 });
  await stats.click();
  await page.locator("privacy-widget [data-testid=pw-save]").click();
  await page.waitForFunction(() => !!document.querySelector("iframe[data-consent=stats]").getAttribute("src"));
  assert.equal(await placeholders.count(), 0);
  assert.equal(await chart.isVisible(), true);
  assert.deepEqual(problems, []);
  await page.close();
});
