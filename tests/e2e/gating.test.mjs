// What Accept all lets in, against the release loader and the real server
// (issue 19): the host's consent-gated `src` scripts run in the page's order
// even when the first one is slower to arrive (the second may use the first),
// and the widget's own request, the consent record, is sent only after they
// have loaded, so a slow device runs the host's scripts first.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { watchedPage } from "./lib/browser.mjs";
import { startHost } from "./lib/host.mjs";
import { ORGANIZATION, PROJECT, PUBLIC_KEY } from "./lib/server.mjs";

let server, browser, host, routes, stop;
before(async () => {
  ({ server, browser, host, routes, stop } = await startHost());
  const js = { "content-type": "text/javascript" };
  // Slower than fast.js, but within the 300 ms the loader waits at most.
  routes["/slow.js"] = { headers: js, delay: 200, body: "(window.order = window.order || []).push('slow');" };
  routes["/fast.js"] = { headers: js, body: "(window.order = window.order || []).push('fast');" };
  routes["/order.html"] = {
    headers: { "content-security-policy": `default-src 'self'; script-src 'self' ${server.url}; style-src 'self'; connect-src 'self' ${server.url}` },
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title></head>
<body><h1>Shop</h1>
<script type="text/plain" data-consent="analytics" src="/slow.js"></script>
<script type="text/plain" data-consent="analytics" src="/fast.js"></script>
<script src="${server.url}/widget/loader.js" data-api="${server.url}" data-workspace="1"
  data-organization="${ORGANIZATION}" data-project="${PROJECT}" data-key="${PUBLIC_KEY}"></script>
</body></html>`,
  };
});
after(async () => { await stop?.(); });

test("Accept all: gated scripts run in the page's order, the record is sent after they loaded", async () => {
  const { page, problems } = await watchedPage(browser);
  await page.goto(`${host.url}/order.html`);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  const events = [];
  page.on("requestfinished", (r) => { if (r.url().endsWith("/slow.js")) events.push("slow.js loaded"); });
  page.on("request", (r) => { if (r.url().includes("/consent-records") && r.method() === "POST") events.push("record sent"); });
  await page.locator("privacy-widget [data-testid=pw-accept-all]").click();
  await page.waitForFunction(() => window.order?.length === 2);
  assert.deepEqual(await page.evaluate(() => window.order), ["slow", "fast"], "the page's order, not arrival order");
  for (let i = 0; i < 50 && !events.includes("record sent"); i++) await page.waitForTimeout(100);
  assert.deepEqual(events, ["slow.js loaded", "record sent"]);
  await page.locator("privacy-widget [data-testid=pw-launcher]").waitFor(); // then the banner closes
  assert.deepEqual(problems, []);
  await page.close();
});
