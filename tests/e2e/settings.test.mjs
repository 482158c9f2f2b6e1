// The site owner configures the widget from the admin page (issue 17), end to
// end against the release build and the real server:
//  - an origin added in "Keys and origins" lets a new host page use the widget;
//  - the required fields, offered request types, languages, name and colour
//    saved in "Widget settings" change the widget on that host page, and the server enforces the
//    same set (400 with the seed body / 201);
//  - the snippet copied from "Add to your site", pasted into a host page,
//    works (banner, Accept all recorded on the server), and the live preview
//    shows the same widget;
//  - a widget key revoked in the admin page makes the form say it is not
//    available;
//  - axe-core finds nothing on the settings, keys and snippet views, light and
//    dark; screenshots are kept in tests/e2e/artifacts.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { launch, watchedPage } from "./lib/browser.mjs";
import { serve } from "./lib/static-server.mjs";
import { startServer, adminFetch, ROOT, ORGANIZATION, PROJECT } from "./lib/server.mjs";

const AXE = readFileSync(join(ROOT, "node_modules", "axe-core", "axe.min.js"), "utf8");
const ARTIFACTS = join(ROOT, "tests", "e2e", "artifacts");
const DSRS = "/v1/ws/1/DataSubjectRequests";

let server, browser, host;
const routes = {};
before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await startServer();
  browser = await launch();
  host = await serve(join(ROOT, "tests", "e2e"), routes);
});
after(async () => { await browser?.close(); await server?.stop(); await host?.close(); });

/** A strict-CSP host page that includes `snippet` (as pasted by a site owner). */
function hostPage(snippet) {
  const csp = `default-src 'self'; script-src 'self' ${server.url} 'wasm-unsafe-eval'; ` +
    `style-src 'self'; connect-src 'self' ${server.url}; img-src 'self' data:; base-uri 'none'`;
  return {
    headers: { "content-security-policy": csp },
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title></head>
<body><main><h1>Shop</h1><p>Things for sale.</p></main>
${snippet}
</body></html>`,
  };
}

async function axe(page, name, include) {
  await page.evaluate(AXE);
  const result = await page.evaluate((inc) => window.axe.run(inc ? { include: [[inc]] } : document, { resultTypes: ["violations"] }), include);
  const found = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => `${n.target.join(" ")} (${n.any.map((a) => a.message).join("; ")})`).slice(0, 3).join(", ")}`);
  assert.deepEqual(found, [], `axe on ${name}`);
}

/** axe and a screenshot of the current admin view, light then dark. */
async function lookAt(page, name) {
  for (const scheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme: scheme });
    await axe(page, `${name} (${scheme})`);
    await page.screenshot({ path: join(ARTIFACTS, `admin-${name}-${scheme}.png`), fullPage: true });
  }
  await page.emulateMedia({ colorScheme: "light" });
}

const nav = (page, name) => page.getByRole("link", { name, exact: true }).click();

test("the site owner configures the widget from the admin page", async (t) => {
  const { page, problems } = await watchedPage(browser);
  const byId = (id) => page.getByTestId(id);
  await browser.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });

  await t.test("sign in", async () => {
    await page.goto(`${server.url}/`);
    await byId("sign-in-key").fill(server.adminKey);
    await byId("sign-in-submit").click();
    await byId("sign-out").waitFor();
  });

  await t.test("keys and origins: the shop's origin is allowed", async () => {
    await nav(page, "Keys and origins");
    await byId("keys-table").waitFor();
    // An invalid origin is refused next to the field, before any request.
    await byId("origin-new").fill(`${host.url}/shop.html`);
    await byId("origin-add").click();
    await byId("origin-new-error").filter({ hasText: "no path" }).waitFor();
    await byId("origin-new").fill(host.url);
    await byId("origin-add").click();
    await page.locator(`[data-testid=origin-row][data-origin="${host.url}"]`).waitFor();
    assert.equal(await byId("origin-new").inputValue(), "", "emptied after the add");
    await lookAt(page, "access");
  });

  await t.test("settings: e-mail optional, family name required, no portability", async () => {
    await nav(page, "Widget settings");
    await byId("settings-form").waitFor();
    await byId("settings-required-email").uncheck();
    await byId("settings-required-familyName").check();
    await byId("settings-purpose-Portability").uncheck();
    // Erasure first: moved up three times (Information, Access, Rectification before it).
    for (let i = 0; i < 3; i++) await page.getByRole("button", { name: "Move up Erasure" }).click();
    await byId("settings-locale-nl").uncheck();
    await byId("settings-locale-de").uncheck();
    await byId("settings-org").fill("Shop & Co");
    // A colour too light for white text is refused with the rule's words.
    await byId("settings-accent-light").fill("#ffff00");
    await byId("settings-save").click();
    await byId("settings-accent-light-error").filter({ hasText: "4.5:1" }).waitFor();
    await byId("settings-status").filter({ hasText: "correct the fields" }).waitFor();
    await byId("settings-accent-light").fill("#7a1fa2");
    await byId("settings-save").click();
    await byId("settings-status").filter({ hasText: "Settings saved." }).waitFor();
    await lookAt(page, "settings");
    const saved = (await adminFetch(server, "/v1/ws/1/settings")).body;
    assert.equal(saved.required.email, false);
    assert.equal(saved.required.familyName, true);
    assert.equal(saved.accentLight, "#7a1fa2");
    assert.deepEqual(saved.purposes.slice(0, 3), ["Erasure", "Information", "Access"]);
    assert.ok(!saved.purposes.includes("Portability"));
    assert.deepEqual(saved.locales, ["en", "fr"]);
  });

  await t.test("the server enforces the same set", async () => {
    const post = (body) => fetch(`${server.url}${DSRS}`, {
      method: "POST", headers: { "x-api-key": server.publicKey, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const missing = await post({ purposes: ["Access"], email: "a@example.com" });
    assert.equal(missing.status, 400);
    const body = await missing.json();
    assert.equal(body.statusCode, 400);
    assert.equal(body.error, "Bad Request");
    assert.match(body.message, /familyName/);
    const noEmail = await post({ purposes: ["Access"], familyName: "Hopper" });
    assert.equal(noEmail.status, 201, await noEmail.text());
    const notOffered = await post({ purposes: ["Portability"], familyName: "Hopper" });
    assert.equal(notOffered.status, 400);
  });

  let snippet;
  await t.test("snippet: copied, pasted into a host page, works", async () => {
    await nav(page, "Add to your site");
    await byId("snippet").waitFor();
    snippet = await byId("snippet").textContent();
    assert.match(snippet, /^<script src="http:\/\/127\.0\.0\.1:\d+\/widget\/loader\.js"/);
    assert.ok(snippet.includes(`data-key="${server.publicKey}"`), snippet);
    await byId("snippet-copy").click();
    await byId("snippet-copied").filter({ hasText: "Copied." }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), snippet);
    // The live preview runs the same options.
    await page.frameLocator("[data-testid=preview]").locator("privacy-widget [data-testid=pw-accept-all]").waitFor({ timeout: 30_000 });
    await lookAt(page, "install");

    routes["/shop.html"] = hostPage(snippet);
    const shop = await watchedPage(browser);
    await shop.page.goto(`${host.url}/shop.html`);
    const w = (sel) => shop.page.locator(`privacy-widget ${sel}`);
    await w("[data-testid=pw-accept-all]").waitFor({ timeout: 30_000 });
    // The workspace's name and accent reach the widget.
    await shop.page.waitForFunction(() =>
      document.querySelector("privacy-widget")?.shadowRoot?.querySelector("[data-pw-org]")?.textContent === "Shop & Co");
    // Only the workspace's languages are offered.
    const languages = await shop.page.evaluate(() => [...document.querySelector("privacy-widget").shadowRoot
      .querySelectorAll("[data-pw=locale] option")].map((o) => o.value));
    assert.deepEqual(languages, ["en", "fr"]);
    const accent = await shop.page.evaluate(() => getComputedStyle(document.querySelector("privacy-widget")).getPropertyValue("--pw-accent-light").trim());
    assert.equal(accent, "#7a1fa2");
    await w("[data-testid=pw-accept-all]").click();
    const subject = await shop.page.waitForFunction((k) => JSON.parse(localStorage.getItem(k) || "{}").subjectId, `pw-consent:${PROJECT}`);
    const id = await subject.jsonValue();
    for (let i = 0; ; i++) {
      const list = (await adminFetch(server, `/organizations/${ORGANIZATION}/projects/${PROJECT}/consent-records?subjectId=${id}`)).body;
      if (list.length) break;
      assert.ok(i < 100, "the accept was recorded");
      await new Promise((r) => setTimeout(r, 100));
    }

    // The form follows the settings: optional e-mail, required family name,
    // the workspace's types in its order, Portability not offered.
    await shop.page.evaluate(() => window.PrivacyWidget.open("dsr"));
    await w("[data-testid=pw-dsr-form]").waitFor({ timeout: 30_000 });
    assert.match(await w("label[for=pw-email]").textContent(), /optional/);
    assert.match(await w("label[for=pw-family-name]").textContent(), /required/);
    const offered = await shop.page.evaluate(() => [...document.querySelector("privacy-widget").shadowRoot
      .querySelectorAll("input[id^=pw-purpose-]")].map((i) => i.id.replace("pw-purpose-", "")));
    assert.deepEqual(offered.slice(0, 3), ["Erasure", "Information", "Access"]);
    assert.ok(!offered.includes("Portability"), offered.join());
    await w("#pw-purpose-Access").check();
    await w("#pw-given-name").fill("Grace");
    await w("[data-testid=pw-submit]").click();
    await w("[data-testid=pw-family-name-error]").filter({ hasText: /./ }).waitFor();
    await w("#pw-family-name").fill("Hopper");
    await w("[data-testid=pw-submit]").click();
    await w("[data-testid=pw-dsr-reference]").waitFor({ timeout: 15_000 });
    await shop.page.screenshot({ path: join(ARTIFACTS, "widget-settings-shop.png"), fullPage: true });
    assert.deepEqual(shop.problems, []);
    await shop.page.close();
  });

  await t.test("a revoked widget key: the form says it is not available", async () => {
    await nav(page, "Keys and origins");
    await byId("key-name").fill("Shop, to revoke");
    await byId("key-scope").selectOption("public");
    await byId("key-create").click();
    const secret = await byId("key-secret-value").textContent();
    assert.match(secret, /^pw_pub_[0-9a-f]{64}$/);
    await page.locator("[data-testid=key-row][data-name='Shop, to revoke']").waitFor();

    routes["/revoked.html"] = hostPage(snippet.replace(server.publicKey, secret));
    const shop = await watchedPage(browser);
    await shop.page.goto(`${host.url}/revoked.html`);
    await shop.page.evaluate(() => { localStorage.clear(); sessionStorage.clear(); });
    await shop.page.reload();
    const w = (sel) => shop.page.locator(`privacy-widget ${sel}`);
    await shop.page.evaluate(() => window.PrivacyWidget.open("dsr"));
    await w("[data-testid=pw-dsr-form]").waitFor({ timeout: 30_000 });

    await page.locator("[data-testid=key-row][data-name='Shop, to revoke'] [data-testid=key-revoke]").click();
    await byId("confirm-message").filter({ hasText: "Shop, to revoke" }).waitFor();
    await byId("confirm-ok").click();
    await page.locator("[data-testid=key-row][data-name='Shop, to revoke'][data-revoked=true]").waitFor();

    await w("#pw-purpose-Access").check();
    await w("#pw-family-name").fill("Hopper");
    await w("[data-testid=pw-submit]").click();
    await w("[data-testid=pw-send-error]").filter({ hasText: "not available" }).waitFor({ timeout: 15_000 });
    await shop.page.screenshot({ path: join(ARTIFACTS, "widget-revoked-key.png"), fullPage: true });
    // Only the refusals of the revoked key.
    assert.deepEqual(shop.problems.filter((p) => !/^http 401: /.test(p)), []);
    await shop.page.close();
  });

  assert.deepEqual(problems, []);
  await page.close();
});
