// Benchmark (not a test): with 10,000 DSRs in the reference server, the time
// from a filter change in the admin inbox to the next page of 50 rows on
// screen, median and p95 over N changes. Run after a release build:
//   node tests/e2e/bench_admin.mjs            (PW_ADMIN_DIST=dir to use another dist)
import { join } from "node:path";
import { launch, watchedPage } from "./lib/browser.mjs";
import { startServer, ROOT } from "./lib/server.mjs";

const DIST = process.env.PW_ADMIN_DIST || join(ROOT, "dist");
const ROWS = Number(process.env.ROWS || 10_000);
const CHANGES = Number(process.env.CHANGES || 20);
const CONCURRENCY = 16;
const PURPOSES = ["Access", "Erasure", "Rectification", "Opposition", "Portability", "Information"];

const server = await startServer({ env: { PW_DIST: DIST, PW_RATE_LIMIT: "0" } });
const browser = await launch();
try {
  const t0 = Date.now();
  let next = 0;
  async function worker() {
    while (next < ROWS) {
      const i = next++;
      const res = await fetch(`${server.url}/v1/ws/1/DataSubjectRequests`, {
        method: "POST",
        headers: { "x-api-key": server.adminKey, "content-type": "application/json" },
        body: JSON.stringify({
          title: `Bench request ${i}`, givenName: "Bench", familyName: `Person ${i % 997}`,
          email: `bench${i}@example.com`, purposes: [PURPOSES[i % PURPOSES.length]],
          message: "Benchmark data.",
        }),
      });
      if (res.status !== 201) throw new Error(`create ${i}: ${res.status} ${await res.text()}`);
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  console.log(`inserted ${ROWS} DSRs through the API in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const { page } = await watchedPage(browser);
  await page.goto(`${server.url}/`);
  await page.getByTestId("sign-in-key").fill(server.adminKey);
  await page.getByTestId("sign-in-submit").click();
  await page.getByTestId("sign-out").waitFor();
  await page.goto(`${server.url}/requests`);
  await page.locator("[data-testid=dsr-table]").waitFor();

  // Each change toggles one purpose checkbox; the clock stops when the table
  // shows rows for the new query (its data-query changes) and is not busy.
  const filters = PURPOSES.map((p) => `filter-purpose-${p}`);
  const times = [];
  for (let i = 0; i < CHANGES; i++) {
    const testId = filters[i % filters.length];
    const ms = await page.evaluate((testId) => new Promise((resolve, reject) => {
      const wrap = document.querySelector("[data-testid=dsr-list]");
      const before = wrap.querySelector("[data-testid=dsr-table], [data-testid=dsr-empty]")?.dataset.query;
      const start = performance.now();
      const done = () => {
        const shown = wrap.querySelector("[data-testid=dsr-table], [data-testid=dsr-empty]");
        if (shown && shown.dataset.query !== before && wrap.dataset.loading === "false") {
          observer.disconnect();
          // Wait for the frame that paints it.
          requestAnimationFrame(() => resolve(performance.now() - start));
          return true;
        }
        return false;
      };
      const observer = new MutationObserver(done);
      observer.observe(wrap, { subtree: true, childList: true, attributes: true });
      setTimeout(() => { observer.disconnect(); reject(new Error("timeout")); }, 15_000);
      document.querySelector(`[data-testid="${testId}"]`).click();
    }), testId);
    const rows = await page.locator("[data-testid=dsr-row]").count();
    times.push(ms);
    console.log(`change ${String(i + 1).padStart(2)}: ${ms.toFixed(0).padStart(5)} ms, ${rows} rows (${new URL(page.url()).search})`);
  }
  times.sort((a, b) => a - b);
  const pct = (p) => times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)];
  console.log(`filter change -> page of 50 shown, ${ROWS} DSRs, ${CHANGES} changes: median ${pct(50).toFixed(0)} ms, p95 ${pct(95).toFixed(0)} ms, max ${times.at(-1).toFixed(0)} ms`);
} finally {
  await browser.close();
  await server.stop();
}
