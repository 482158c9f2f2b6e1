// The RELEASE widget (after wasm-opt) on a host page with a strict CSP and
// hostile CSS: the loader mounts it in a shadow root, a click inside works, its
// stylesheet applies, and nothing is blocked or logged as an error.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { existsSync, mkdirSync } from "node:fs";
import { serve } from "./lib/static-server.mjs";
import { launch, watchedPage } from "./lib/browser.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const DIST = process.env.PW_E2E_DIST || join(ROOT, "dist");
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

const HOST_PAGE = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Strict host</title>
<link rel="stylesheet" href="/hostile.css"></head>
<body><h1>A host page with a strict CSP</h1>
<script src="/widget/loader.js" data-view="dsr" data-locale="en"></script></body></html>`;

// Served as a file so the host itself obeys its CSP: resets meant to break embedded widgets.
const HOSTILE_CSS = `* { all: unset !important; } button { display: none !important; color: red !important; }
section { font-size: 40px !important; }`;

let site, context;
before(async () => {
  assert.ok(existsSync(join(DIST, "widget", "loader.js")), "run scripts/build.sh --release first");
  site = await serve(DIST, {
    "/host.html": { body: HOST_PAGE, headers: { "content-security-policy": CSP } },
    "/hostile.css": { body: HOSTILE_CSS, headers: { "content-type": "text/css" } },
  });
  mkdirSync(join(ROOT, "tests", "e2e", "artifacts"), { recursive: true });
  context = await launch();
});
after(async () => { await context?.close(); await site?.close(); });

test("release widget works in a shadow root under a strict CSP, loading wasm only when opened", async () => {
  const { page, problems } = await watchedPage(context);
  const response = await page.goto(`${site.url}/host.html`);
  assert.equal(response.headers()["content-security-policy"], CSP);

  // A visitor with nothing to see costs the loader only: a launcher, no wasm.
  const launcher = page.locator("privacy-widget [data-testid=pw-launcher]");
  await launcher.waitFor({ state: "visible", timeout: 30_000 });
  const fetched = () => page.evaluate(() => performance.getEntriesByType("resource").map((e) => e.name));
  assert.ok(!(await fetched()).some((u) => u.endsWith(".wasm")), "no wasm before it is needed");

  // The host's `all: unset` and `button { display: none }` do not reach inside.
  const look = await launcher.evaluate((b) => {
    const s = getComputedStyle(b);
    return { display: s.display, background: s.backgroundColor, cursor: s.cursor };
  });
  assert.notEqual(look.display, "none");
  assert.equal(look.cursor, "pointer");
  assert.notEqual(look.background, "rgba(0, 0, 0, 0)");

  // Playwright's CSS engine pierces open shadow roots.
  await launcher.click();
  const form = page.locator("privacy-widget [data-testid=pw-dsr-form]");
  await form.waitFor({ state: "visible", timeout: 30_000 });
  const wasm = (await fetched()).filter((u) => u.endsWith(".wasm"));
  assert.equal(wasm.length, 1, "opening the form fetches the DSR bundle only");
  assert.match(wasm[0].split("/widget/")[1], /^dsr\/privacy-dsr-[0-9a-f]{16}_bg\.wasm$/);

  // The loader's adopted sheet applies to the bundle's view, under `style-src 'self'`.
  const submit = page.locator("privacy-widget [data-testid=pw-submit]");
  const submitLook = await submit.evaluate((b) => getComputedStyle(b).cursor);
  assert.equal(submitLook, "pointer");
  await submit.click();
  await page.locator("privacy-widget #pw-email-error").waitFor({ state: "visible" });

  // Our sheet does not leak out: the host's own heading keeps the host's reset.
  const hostHeading = await page.locator("h1").evaluate((h) => getComputedStyle(h).display);
  assert.equal(hostHeading, "inline");

  await page.screenshot({ path: join(ROOT, "tests", "e2e", "artifacts", "csp-host.png") });
  assert.deepEqual(problems, [], "no console errors or CSP violations");
  await page.close();
});
