// Headless Debian Chromium driven by playwright-core (never a downloaded browser),
// with a page that records every console error, page error and CSP violation.
import { chromium } from "playwright-core";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const FLAGS = [
  "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
];

/** Launches Chromium with a fresh profile. Close it with `await browser.close()`. */
export async function launch() {
  const userDataDir = mkdtempSync(join(tmpdir(), "pw-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 900 },
  });
  return context;
}

/**
 * Opens a new page that keeps a list of problems: console errors, uncaught
 * errors and `securitypolicyviolation` events (recorded by an init script,
 * which CSP does not apply to).
 */
export async function watchedPage(context) {
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => {
    // HTTP errors are recorded below with their URL; this line has none (and
    // also fires for the browser's own favicon request).
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource: the server responded"))
      problems.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  // Chromium's console line for a failed load has no URL; this one does.
  page.on("response", (r) => { if (r.status() >= 400) problems.push(`http ${r.status()}: ${r.url()}`); });
  await page.exposeBinding("__pwViolation", (_src, v) => problems.push(`csp: ${v}`));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) =>
      window.__pwViolation(`${e.violatedDirective} blocked ${e.blockedURI || "inline"}`), true);
  });
  return { page, problems };
}
