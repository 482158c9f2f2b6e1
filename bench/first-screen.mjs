// First-screen benchmark: this widget against three open-source consent
// managers ("anchors": orejime 3, vanilla-cookieconsent 3, klaro 0.7) in ONE
// headless Debian Chromium run, subjects interleaved, a fresh browser context
// per load, HTTP cache disabled, unthrottled and at 4x CPU throttling.
//
// Per load it measures, in the page's own clock (performance.now()):
//   clickable  navigation start -> the accept button exists, is visible, has a
//              box whose centre is in the viewport, and a hit test at that
//              centre lands on it (polled every animation frame);
//   CLS        layout-shift sum before the visitor's first click;
//   bytes      responses finished before "clickable" (host page excluded):
//              wire = CDP encodedDataLength (as served: br or gzip when the
//              browser accepts them, headers included);
//              gzip / brotli = the same bodies compressed here (gzip -9,
//              brotli q11), so every subject is compared on equal terms;
//   wasm       whether a .wasm was requested before "clickable";
//   gated      Accept click -> the host's consent-gated script ran;
//   panel      (this widget) Customise click -> [data-testid=pw-save] clickable.
//
// Run: bash bench/first-screen.sh (or npm ci --prefix bench, then
// node bench/first-screen.mjs). Environment: BENCH_N (loads per subject and
// condition, default 20), BENCH_SUBJECTS (comma list of ids, default all),
// BENCH_WARMUP (discarded loads per subject and condition, default 1),
// BENCH_LOAD_TIMEOUT_MS (default 30000), BENCH_TIMEOUT_MIN (whole run, default
// 60), BENCH_WRITE=0 (do not rewrite BENCHMARKS.md), BENCH_TRACE=DIR (a Chrome
// trace per load, navigation to clickable, into DIR: the main thread's tasks
// and V8's samples; tracing slows the loads, so not for the table's figures),
// CHROMIUM, PW_SERVER_BIN.
// Loopback only: both servers bind 127.0.0.1 and Chromium resolves no other host.
import { chromium } from "playwright-core";
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { createServer as createNetServer } from "node:net";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, tmpdir } from "node:os";
import { dirname, extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants as zlibConstants, gzipSync } from "node:zlib";

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = join(BENCH, "..");
const env = process.env;

// ---------------------------------------------------------------- settings

function posInt(value, fallback) {
  const n = Number.parseInt(value ?? "", 10);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
}

const N = Math.max(1, posInt(env.BENCH_N, 20));
const WARMUP = posInt(env.BENCH_WARMUP, 1);
const LOAD_TIMEOUT = posInt(env.BENCH_LOAD_TIMEOUT_MS, 30_000);
const RUN_TIMEOUT = posInt(env.BENCH_TIMEOUT_MIN, 60) * 60_000;
const FINAL_N = 20; // fewer loads than this: the results are marked preliminary
const CHROMIUM = env.CHROMIUM || "/usr/bin/chromium";
const VIEWPORT = { width: 1280, height: 800 };
const CONDITIONS = [
  { id: "1x", label: "unthrottled", rate: 1 },
  { id: "4x", label: "4x CPU", rate: 4 },
];
const FLAGS = [
  "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
  "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
  // Nothing but loopback: any other host name fails to resolve.
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
];

// The demo tenant that pw-server creates in a fresh database (server/src/demo.rs),
// with the fixed keys the e2e tests use (tests/e2e/lib/server.mjs).
const TENANT = {
  workspace: "1",
  organization: "497f6eca-6276-4993-bfeb-53cbbbba6f08",
  project: "9ec8a81a-31b2-4a83-bcd8-cef9150932d2",
  adminKey: "sk_test_admin_0123456789abcdef0123456789abcdef",
  publicKey: "pk_test_public_0123456789abcdef0123456789abcd",
};

// The three purposes every subject is configured with.
const PURPOSES = [
  { label: "necessary", name: "Strictly necessary", description: "Needed for the shop to work.", required: true },
  { label: "analytics", name: "Analytics cookies", description: "Anonymous statistics that help us improve the shop." },
  { label: "marketing", name: "Marketing cookies", description: "Personalised offers on partner sites." },
];

// A spec names an element: `sel` in the document, or with `host`, anywhere in
// that element's open shadow root (nested open shadow roots included).
const inWidget = (sel) => ({ host: "privacy-widget", sel });
const SUBJECTS = [
  {
    id: "ours", name: "privacy-widget", anchor: false,
    accept: inWidget("[data-testid=pw-accept-all]"),
    customise: inWidget("[data-testid=pw-customise]"),
    panel: inWidget("[data-testid=pw-save]"),
    launcher: inWidget("[data-testid=pw-launcher]"),
  },
  {
    id: "orejime", name: "orejime", anchor: true, pkg: "orejime",
    accept: { sel: ".orejime-Banner-saveButton" },
    files: { "orejime-standard-en.js": "dist/orejime-standard-en.js", "orejime-standard.css": "dist/orejime-standard.css" },
  },
  {
    id: "cookieconsent", name: "vanilla-cookieconsent", anchor: true, pkg: "vanilla-cookieconsent",
    accept: { sel: "#cc-main .cm__btn[data-role=all]" },
    files: { "cookieconsent.umd.js": "dist/cookieconsent.umd.js", "cookieconsent.css": "dist/cookieconsent.css" },
  },
  {
    id: "klaro", name: "klaro", anchor: true, pkg: "klaro",
    accept: { sel: ".klaro .cookie-notice .cm-btn-success" },
    files: { "klaro.js": "dist/klaro.js" },
  },
  {
    // Not a consent manager: the host page with a static Accept button in
    // its HTML whose click inserts the gated script. What no script-drawn
    // banner can beat on this machine: a reference, not an anchor.
    id: "floor", name: "floor: a static button in the page", anchor: false, reference: true,
    accept: { sel: "#floor-accept" },
  },
].filter((s) => !env.BENCH_SUBJECTS || env.BENCH_SUBJECTS.split(",").map((x) => x.trim()).includes(s.id));

// ---------------------------------------------------------------- processes

const cleanups = [];
async function cleanup() {
  while (cleanups.length) {
    const fn = cleanups.pop();
    await Promise.race([fn().catch(() => {}), sleep(10_000)]);
  }
}

function sleep(ms) { return new Promise((r) => setTimeout(r, ms)); }

/** Rejects after `ms` with `what` in the message. */
function within(ms, what, promise) {
  let timer;
  const timeout = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms} ms`)), ms); });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A port that was free a moment ago on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = createNetServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

function pwServerBinary() {
  const candidates = [env.PW_SERVER_BIN, join(ROOT, "target", "release", "pw-server")];
  if (env.CARGO_TARGET_DIR) candidates.push(join(env.CARGO_TARGET_DIR, "release", "pw-server"));
  const found = candidates.find((p) => p && existsSync(p));
  if (!found) throw new Error("target/release/pw-server missing: bash scripts/build.sh --release && cargo build --release -p pw-server");
  return found;
}

/** Starts the reference server on a fresh database; resolves to its origin. */
async function startPwServer(hostOrigin) {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "pw-bench-"));
  const child = spawn(pwServerBinary(), [], {
    env: {
      ...env, PW_ADDR: `127.0.0.1:${port}`, PW_DEMO_ADDR: "off", PW_DB: join(dir, "bench.db"),
      PW_DIST: join(ROOT, "dist"), PW_ADMIN_KEY: TENANT.adminKey, PW_PUBLIC_KEY: TENANT.publicKey,
      PW_RATE_LIMIT: "0", PW_ALLOWED_ORIGINS: hostOrigin, RUST_LOG: "warn",
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  const log = [];
  child.stderr.on("data", (d) => log.push(String(d)));
  const exited = new Promise((r) => child.once("exit", r));
  cleanups.push(async () => {
    if (child.exitCode === null) {
      child.kill("SIGTERM");
      if (!(await Promise.race([exited.then(() => true), sleep(5_000)]))) child.kill("SIGKILL");
    }
    rmSync(dir, { recursive: true, force: true });
  });
  const url = `http://127.0.0.1:${port}`;
  for (const end = Date.now() + 20_000; ; await sleep(100)) {
    if (child.exitCode !== null) throw new Error(`pw-server exited with ${child.exitCode}: ${log.join("")}`);
    try { if ((await fetch(`${url}/openapi.json`)).ok) break; } catch { /* not yet */ }
    if (Date.now() > end) throw new Error("pw-server did not answer within 20 s");
  }
  return { url, child };
}

async function adminFetch(api, path, method = "GET", body) {
  const res = await fetch(`${api}${path}`, {
    method,
    headers: { "x-api-key": TENANT.adminKey, ...(body ? { "content-type": "application/json" } : {}) },
    body: body && JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** Leaves exactly the three PURPOSES active in the demo project (Concord admin
 * API): the demo's other types are archived, ours created or updated. */
async function seedConsentTypes(api) {
  const path = `/organizations/${TENANT.organization}/projects/${TENANT.project}/consent-types`;
  const body = (p, status = "active") => ({
    category: p.category || "privacy_setting", subcategory: p.subcategory ?? false, label: p.label, name: p.name, description: p.description,
    document: p.document ?? undefined, url: p.url ?? undefined, validStates: p.validStates ?? ["accepted", "declined"],
    consentDuration: p.consentDuration ?? undefined, required: !!p.required, status,
  });
  const existing = await adminFetch(api, path);
  for (const t of existing) {
    const wanted = PURPOSES.find((p) => p.label === t.label);
    await adminFetch(api, `${path}/${t.id}`, "PUT", wanted ? body(wanted) : body(t, "archived"));
  }
  for (const p of PURPOSES.filter((p) => !existing.some((t) => t.label === p.label))) {
    await adminFetch(api, path, "POST", body(p));
  }
  const res = await fetch(`${api}${path}`, { headers: { "x-api-key": TENANT.publicKey } });
  const visible = (await res.json()).map((t) => t.label).sort();
  if (visible.join() !== PURPOSES.map((p) => p.label).sort().join()) throw new Error(`widget sees consent types ${visible}`);
}

// ---------------------------------------------------------------- static server

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".json": "application/json" };

const ENCODERS = {
  br: (b) => brotliCompressSync(b, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11 } }),
  gzip: (b) => gzipSync(b, { level: 9 }),
};

/** Serves `routes` (path -> {type, body}) on 127.0.0.1, never cached by the
 * browser, precompressed like pw-server serves the widget: brotli (q11) when
 * the client accepts it, else gzip (-9); compressed once, then kept. */
async function startStaticServer(routes, port) {
  const variants = new Map(); // route + encoding -> body
  const server = createServer((req, res) => {
    const route = routes.get(new URL(req.url, "http://x").pathname);
    if (req.method !== "GET" || !route) { res.writeHead(404, { "content-length": 0 }).end(); return; }
    const headers = { "content-type": `${route.type}; charset=utf-8`, "cache-control": "no-store", vary: "accept-encoding" };
    const accepted = (req.headers["accept-encoding"] || "").split(",").map((e) => e.trim().split(";")[0]);
    const encoding = Object.keys(ENCODERS).find((e) => accepted.includes(e));
    let body = route.body;
    if (encoding) {
      const key = `${encoding} ${route.path}`;
      if (!variants.has(key)) variants.set(key, ENCODERS[encoding](route.body));
      body = variants.get(key);
      headers["content-encoding"] = encoding;
    }
    res.writeHead(200, { ...headers, "content-length": body.length }).end(body);
  });
  await new Promise((resolve, reject) => server.once("error", reject).listen(port, "127.0.0.1", resolve));
  cleanups.push(() => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }));
  return { server, origin: `http://127.0.0.1:${port}` };
}

/** The host page of a subject: pages/host.html filled from pages/<id>.html. */
function hostPage(subject, vars) {
  const [head, body] = readFileSync(join(BENCH, "pages", `${subject.id}.html`), "utf8").split("<!-- body -->");
  const fill = (s) => s.replace(/\{\{(\w+)\}\}/g, (_, k) => vars[k] ?? "");
  return readFileSync(join(BENCH, "pages", "host.html"), "utf8")
    .replace("{{HEAD}}", () => fill(head))
    .replace("{{BODY}}", () => fill(body))
    .replace("{{SUBJECT}}", subject.name);
}

/** A page that only burns a fixed amount of CPU, to check the throttling. */
const CALIBRATE = `<!DOCTYPE html><script>
  const t = performance.now(); let x = 0;
  for (let i = 0; i < 3e6; i++) x += Math.sqrt(i);
  window.__calibrate = performance.now() - t;
</script>`;

function routesFor(vars) {
  const routes = new Map();
  const text = (path, body) => routes.set(path, { path, type: TYPES[extname(path)] || "text/plain", body: Buffer.from(body) });
  text("/gated.js", readFileSync(join(BENCH, "pages", "gated.js")));
  text("/calibrate.html", CALIBRATE);
  for (const s of SUBJECTS) {
    text(`/${s.id}.html`, hostPage(s, vars));
    for (const [name, file] of Object.entries(s.files || {})) {
      text(`/anchors/${s.id}/${name}`, readFileSync(join(BENCH, "node_modules", s.pkg, file)));
    }
  }
  return routes;
}

// ---------------------------------------------------------------- in the page

/** Init script (runs before any page script): records layout shifts and
 * clicks, and polls every animation frame until `accept` is clickable. */
function probe(acceptSpec) {
  const b = (window.__bench = { cls: 0, clsAtClick: null, clicks: [], armed: null });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) b.cls += e.value;
    }).observe({ type: "layout-shift", buffered: true });
  } catch { b.cls = NaN; }
  const deep = (root, sel) => {
    if (!root) return null;
    const hit = root.querySelector(sel);
    if (hit) return hit;
    for (const el of root.querySelectorAll("*")) {
      const inner = el.shadowRoot && deep(el.shadowRoot, sel);
      if (inner) return inner;
    }
    return null;
  };
  const find = (spec) => (spec.host ? deep(document.querySelector(spec.host)?.shadowRoot, spec.sel) : document.querySelector(spec.sel));
  // The innermost element at (x, y), through open shadow roots.
  const hitTest = (x, y) => {
    let el = document.elementFromPoint(x, y);
    while (el && el.shadowRoot) {
      const inner = el.shadowRoot.elementFromPoint(x, y);
      if (!inner || inner === el) break;
      el = inner;
    }
    return el;
  };
  const inside = (node, el) => { for (let n = node; n; n = n.parentNode || n.host) if (n === el) return true; return false; };
  // The centre of `spec` if a click there would reach it, else null.
  b.locate = (spec) => {
    const el = find(spec);
    if (!el || el.disabled) return null;
    if (!el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) return null;
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) return null;
    const x = r.left + r.width / 2, y = r.top + r.height / 2;
    if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) return null;
    return inside(hitTest(x, y), el) ? { x, y } : null;
  };
  const watch = (name, spec) => {
    const tick = () => {
      const at = b.locate(spec);
      if (at) b[name] = { t: performance.now(), ...at };
      else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  };
  // A watch armed by the bench starts with the next click.
  addEventListener("click", (e) => {
    if (b.clsAtClick === null) b.clsAtClick = b.cls;
    b.clicks.push(e.timeStamp);
    if (b.armed) { watch(b.armed.name, b.armed.spec); b.armed = null; }
  }, true);
  watch("accept", acceptSpec);
}

// ---------------------------------------------------------------- one load

/** Keeps what CDP says about every request of the page. */
function recordNetwork(cdp) {
  const requests = new Map();
  cdp.on("Network.requestWillBeSent", (e) => {
    if (!requests.has(e.requestId)) requests.set(e.requestId, { id: e.requestId, url: e.request.url, type: e.type, bytes: 0 });
  });
  cdp.on("Network.responseReceived", (e) => {
    const r = requests.get(e.requestId);
    if (r) { r.status = e.response.status; r.fromCache = r.fromCache || !!(e.response.fromDiskCache || e.response.fromPrefetchCache); r.encoding = e.response.headers["content-encoding"] || e.response.headers["Content-Encoding"] || ""; }
  });
  // A revalidated 304 reaches the page as the cached 200: the wire status is here.
  cdp.on("Network.responseReceivedExtraInfo", (e) => { const r = requests.get(e.requestId); if (r) r.wireStatus = e.statusCode; });
  cdp.on("Network.requestServedFromCache", (e) => { const r = requests.get(e.requestId); if (r) r.fromCache = true; });
  cdp.on("Network.loadingFinished", (e) => { const r = requests.get(e.requestId); if (r) { r.bytes = e.encodedDataLength; r.done = true; } });
  cdp.on("Network.loadingFailed", (e) => { const r = requests.get(e.requestId); if (r) r.failed = e.errorText; });
  return requests;
}

const compressed = new Map(); // url + length -> {gzip, brotli}
function compressedSizes(url, body) {
  const key = `${url}#${body.length}`;
  if (!compressed.has(key)) {
    compressed.set(key, {
      gzip: ENCODERS.gzip(body).length,
      brotli: ENCODERS.br(body).length,
    });
  }
  return compressed.get(key);
}

/** Bytes of the responses that finished before `t` (page clock): resource
 * timing entries say which, CDP says how many bytes (preflights included). */
async function bytesBefore(cdp, requests, entries, t) {
  const unused = [...requests.values()].filter((r) => r.type !== "Document");
  const take = (url, pred) => { const i = unused.findIndex((r) => r.url === url && pred(r)); return i < 0 ? null : unused.splice(i, 1)[0]; };
  const sum = { wire: 0, gzip: 0, brotli: 0, requests: 0, encodings: [] };
  for (const e of entries.filter((e) => e.responseEnd > 0 && e.responseEnd <= t).sort((a, b) => a.startTime - b.startTime)) {
    const r = take(e.name, (r) => r.type !== "Preflight");
    if (!r) continue;
    const preflight = take(e.name, (p) => p.type === "Preflight");
    sum.wire += r.bytes + (preflight ? preflight.bytes : 0);
    sum.requests += 1 + (preflight ? 1 : 0);
    sum.encodings.push(`${new URL(r.url).pathname.split("/").pop()}: ${r.encoding || "identity"}`);
    try {
      const { body, base64Encoded } = await cdp.send("Network.getResponseBody", { requestId: r.id });
      const sizes = compressedSizes(r.url, Buffer.from(body, base64Encoded ? "base64" : "utf8"));
      sum.gzip += sizes.gzip;
      sum.brotli += sizes.brotli;
    } catch {
      sum.missingBodies = (sum.missingBodies || 0) + 1; // counted in wire only
    }
  }
  return sum;
}

/** Polls `expression` in the page over CDP until it is truthy and returns its
 * value, for the waits inside a measured interval. Not Playwright's
 * waitForFunction there: its first use injects Playwright's utility script
 * into the page, 10-30 ms of the page's main thread unthrottled (four times
 * that at 4x CPU), at a moment that falls inside the load being measured. */
async function pollInPage(cdp, expression, ms, what) {
  const end = Date.now() + ms;
  for (;;) {
    const { result, exceptionDetails } = await cdp.send("Runtime.evaluate", { expression: `JSON.stringify((${expression}) || null)`, returnByValue: true });
    const value = exceptionDetails || typeof result.value !== "string" ? null : JSON.parse(result.value);
    if (value) return value;
    if (Date.now() > end) throw new Error(`${what} not reached within ${ms} ms`);
    await sleep(50);
  }
}

async function waitInPage(page, fn, arg, ms, what) {
  try {
    return await page.waitForFunction(fn, arg, { timeout: ms, polling: 50 }).then((h) => h.jsonValue());
  } catch (e) {
    throw new Error(`${what} not reached within ${ms} ms`);
  }
}

/** A real mouse click on `spec`, by Playwright: it waits until the element is
 * visible, stable (banners slide in) and receives the click. The measured
 * intervals start at the click event's own time stamp, so this wait is not in
 * them. Playwright's CSS engine pierces open shadow roots. */
async function click(page, spec, what) {
  try {
    await page.locator(spec.host ? `${spec.host} ${spec.sel}` : spec.sel).first().click({ timeout: LOAD_TIMEOUT });
  } catch {
    throw new Error(`${what}: no click within ${LOAD_TIMEOUT} ms`);
  }
}

/**
 * One load of `subject` in a fresh context at `condition`. `mode` "accept"
 * clicks Accept and waits for the gated script; "customise" clicks Customise
 * and waits for the preferences panel.
 */
async function measureLoad(browser, origin, subject, condition, mode) {
  const context = await browser.newContext({ viewport: VIEWPORT, serviceWorkers: "block" });
  try {
    await context.addInitScript(probe, subject.accept);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const requests = recordNetwork(cdp);
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: condition.rate });
    const trace = env.BENCH_TRACE && join(env.BENCH_TRACE, `${subject.id}-${condition.id}-${mode}-${Date.now()}.json`);
    if (trace) {
      await browser.startTracing(page, { path: trace, categories: ["devtools.timeline", "disabled-by-default-devtools.timeline",
        "blink", "loading", "v8", "v8.execute", "disabled-by-default-v8.cpu_profiler"] });
    }
    await page.goto(`${origin}/${subject.id}.html`, { waitUntil: "commit", timeout: LOAD_TIMEOUT });
    const accept = await pollInPage(cdp, "window.__bench && window.__bench.accept", LOAD_TIMEOUT, "clickable accept button");
    if (trace) await browser.stopTracing();

    const out = { clickable: accept.t };
    try {
      if (mode === "accept") {
        await click(page, subject.accept, "accept button");
        const gatedAt = await pollInPage(cdp, "window.__benchGated", LOAD_TIMEOUT, "gated script");
        const clickAt = await page.evaluate(() => window.__bench.clicks[0]);
        out.gated = gatedAt - clickAt;
        // The gated file's own fetch, from the click (raw samples only).
        out.gatedFile = await page.evaluate((t) => performance.getEntriesByType("resource")
          .filter((e) => e.name.endsWith("/gated.js")).map((e) => [Math.round(e.startTime - t), Math.round(e.responseEnd - t)])[0].concat(performance.getEntriesByType("mark").filter((m) => m.startTime >= t).map((m) => m.name + "@" + Math.round(m.startTime - t))), clickAt);
      } else {
        await page.evaluate((spec) => { window.__bench.armed = { name: "panel", spec }; }, subject.panel);
        await click(page, subject.customise, "customise button");
        const panel = await pollInPage(cdp, "window.__bench.panel", LOAD_TIMEOUT, "usable preferences panel");
        out.panel = panel.t - (await page.evaluate(() => window.__bench.clicks[0]));
      }
    } catch (e) {
      out.afterClickError = String(e.message || e).split("\n")[0]; // the first-screen numbers still count
    }

    const seen = await page.evaluate(() => ({
      cls: window.__bench.clsAtClick,
      entries: performance.getEntriesByType("resource").map((e) => ({ name: e.name, startTime: e.startTime, responseEnd: e.responseEnd })),
      html: performance.getEntriesByType("navigation")[0]?.responseEnd, marks: performance.getEntriesByType("mark").map((m) => [m.name, Math.round(m.startTime)]), paint: performance.getEntriesByType("paint").map((m) => [m.name, Math.round(m.startTime)]),
    }));
    // Where the time went, for the raw samples: the host page's HTML, then
    // each file (page clock, ms).
    out.timeline = { html: seen.html, marks: seen.marks, paint: seen.paint, files: seen.entries.filter((e) => e.startTime <= accept.t).map((e) => [new URL(e.name).pathname.split("/").pop(), Math.round(e.startTime), Math.round(e.responseEnd)]) };
    out.cls = seen.cls;
    out.wasmBefore = seen.entries.some((e) => e.startTime <= accept.t && new URL(e.name).pathname.endsWith(".wasm"));
    Object.assign(out, await bytesBefore(cdp, requests, seen.entries, accept.t));
    out.offLoopback = [...requests.values()].filter((r) => !/^(https?:\/\/127\.0\.0\.1[:/]|data:|blob:|about:)/.test(r.url)).map((r) => r.url);
    if (mode === "accept" && subject.launcher && out.gated !== undefined) {
      // The same visitor comes back (after the first view's record was sent):
      // with the HTTP cache a browser keeps ("warm": one view fills it, the
      // next is measured), and with it emptied ("cold").
      await waitInPage(page, () => !Object.keys(localStorage).some((k) => k.startsWith("pw-consent:") && JSON.parse(localStorage.getItem(k)).unsent),
        null, LOAD_TIMEOUT, "consent record sent");
      out.returning = {};
      await returningView(page, cdp, requests, subject, false);
      out.returning.warm = await returningView(page, cdp, requests, subject, false);
      out.returning.cold = await returningView(page, cdp, requests, subject, true);
    }
    return out;
  } finally {
    await within(10_000, "closing the context", context.close()).catch(() => {});
  }
}

/** A second view by a visitor whose choices are live: what the widget
 * fetches over the network until the launcher is clickable and the gated script ran (and
 * 500 ms more for the manifest's revalidation). */
async function returningView(page, cdp, requests, subject, cacheDisabled) {
  await cdp.send("Network.setCacheDisabled", { cacheDisabled });
  requests.clear();
  await page.reload({ waitUntil: "commit", timeout: LOAD_TIMEOUT });
  await waitInPage(page, (spec) => window.__benchGated && window.__bench.locate(spec), subject.launcher, LOAD_TIMEOUT, "launcher of a returning visitor");
  await sleep(500);
  const sum = { wire: 0, gzip: 0, requests: 0, files: [], wasm: false };
  const host = new URL(page.url()).origin; // the host page's own files are not the widget's
  for (const r of requests.values()) {
    if (r.type === "Document" || !r.done || r.url.startsWith(host)) continue;
    const name = new URL(r.url).pathname.split("/").pop();
    if (name.endsWith(".wasm")) sum.wasm = true;
    if (r.fromCache) { sum.files.push(`${name} (cache)`); continue; }
    sum.requests += 1;
    sum.wire += r.bytes;
    const status = r.wireStatus || r.status;
    sum.files.push(`${name} ${status}`);
    if (status !== 200) continue;
    try {
      const { body, base64Encoded } = await cdp.send("Network.getResponseBody", { requestId: r.id });
      sum.gzip += compressedSizes(r.url, Buffer.from(body, base64Encoded ? "base64" : "utf8")).gzip;
    } catch { /* wire only */ }
  }
  return sum;
}

/** CPU time of a fixed loop at each throttling rate: shows the rate applies. */
async function calibrate(browser, origin) {
  const result = {};
  for (const c of CONDITIONS) {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send("Emulation.setCPUThrottlingRate", { rate: c.rate });
      await page.goto(`${origin}/calibrate.html`, { timeout: LOAD_TIMEOUT });
      result[c.id] = await page.evaluate(() => window.__calibrate);
    } finally { await context.close(); }
  }
  return result;
}

// ---------------------------------------------------------------- statistics and report

function quantile(values, q) {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return NaN;
  return v[Math.min(v.length - 1, Math.ceil(q * v.length) - 1)]; // nearest rank
}
const median = (v) => quantile(v, 0.5);
const ms = (x) => (Number.isFinite(x) ? `${Math.round(x)}` : "–");
const kb = (x) => (Number.isFinite(x) ? (x / 1024).toFixed(1) : "–");
const spread = (v) => (v.length ? `${ms(median(v))} / ${ms(quantile(v, 0.9))}` : "–");

/** One row per subject and condition. */
function summarise(results) {
  const rows = [];
  for (const c of CONDITIONS) {
    for (const s of SUBJECTS) {
      const mine = results.filter((r) => r.subject === s.id && r.condition === c.id);
      const ok = mine.filter((r) => !r.error);
      const pick = (k, from = ok) => from.map((r) => r[k]).filter((x) => x !== undefined);
      const accepts = ok.filter((r) => r.mode === "accept");
      const wasm = pick("wasmBefore");
      rows.push({
        subject: s, condition: c, loads: mine.length, failed: mine.length - ok.length,
        errors: [...new Set(mine.map((r) => r.error).filter(Boolean))],
        afterClick: mine.filter((r) => r.afterClickError).map((r) => r.afterClickError),
        returning: accepts.map((r) => r.returning).filter(Boolean),
        clickable: pick("clickable"), cls: pick("cls"), wire: pick("wire"), gzip: pick("gzip"), brotli: pick("brotli"),
        requests: pick("requests"), encodings: [...new Set(pick("encodings").flat())].sort(),
        wasm: wasm.length ? `${wasm.filter(Boolean).length}/${wasm.length}` : "–",
        gated: pick("gated", accepts), panel: pick("panel"),
        offLoopback: [...new Set(ok.flatMap((r) => r.offLoopback || []))],
      });
    }
  }
  for (const c of CONDITIONS) {
    const anchors = rows.filter((r) => r.condition === c && r.subject.anchor && r.clickable.length);
    const fastest = Math.min(...anchors.map((r) => median(r.clickable)));
    for (const r of rows.filter((r) => r.condition === c)) r.ratio = median(r.clickable) / fastest;
  }
  return rows;
}

function table(rows) {
  const head = ["subject", "CPU", "loads ok", "clickable ms p50 / p90", "× fastest anchor", "CLS p50",
    "wire kB", "gzip kB", "brotli kB", "requests", "wasm before clickable", "Accept → gated ms p50 / p90",
    "Customise → panel ms p50 / p90"];
  const lines = rows.map((r) => [
    r.subject.anchor ? `${r.subject.name} ${r.subject.version}` : r.subject.reference ? `_${r.subject.name}_` : `**${r.subject.name}** (this)`,
    r.condition.label, `${r.loads - r.failed}/${r.loads}`, spread(r.clickable),
    Number.isFinite(r.ratio) ? `${r.ratio.toFixed(2)}×` : "–",
    Number.isFinite(median(r.cls)) ? median(r.cls).toFixed(3) : "–",
    kb(median(r.wire)), kb(median(r.gzip)), kb(median(r.brotli)), ms(median(r.requests)), r.wasm,
    spread(r.gated), r.subject.customise ? spread(r.panel) : "n/a",
  ]);
  return [head, head.map(() => "---"), ...lines].map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}

function notes(rows, meta) {
  const out = [];
  const encodings = new Map();
  for (const r of rows) {
    if (r.errors.length) out.push(`- ${r.subject.name} ${r.condition.label}: ${r.failed} load(s) failed: ${r.errors.join("; ")}`);
    if (r.afterClick.length) {
      out.push(`- ${r.subject.name} ${r.condition.label}: ${r.afterClick.length} load(s) without an after-click time: ${[...new Set(r.afterClick)].join("; ")}`);
    }
    if (r.offLoopback.length) out.push(`- ${r.subject.name}: requests off loopback (blocked): ${r.offLoopback.join(", ")}`);
    encodings.set(r.subject.name, new Set([...(encodings.get(r.subject.name) || []), ...r.encodings]));
  }
  for (const [name, set] of encodings) if (set.size) out.push(`- ${name}, content-encoding as served: ${[...set].sort().join(", ")}`);
  if (SUBJECTS.some((s) => s.customise)) {
    out.push("- this widget's clickable, CLS, bytes and wasm columns count both its Accept and its Customise loads");
  }
  for (const r of rows.filter((r) => r.returning.length)) {
    for (const view of ["warm", "cold"]) {
      const v = r.returning.map((x) => x[view]).filter(Boolean);
      if (!v.length) continue;
      const files = [...new Set(v.flatMap((x) => x.files))].sort().join(", ");
      out.push(`- ${r.subject.name} ${r.condition.label}, returning visitor (choices live), HTTP cache ${view === "warm" ? "kept" : "emptied"}: ` +
        `${ms(median(v.map((x) => x.requests)))} request(s) over the network, ${kb(median(v.map((x) => x.wire)))} kB wire, ` +
        `${kb(median(v.map((x) => x.gzip)))} kB gzip of bodies, wasm in ${v.filter((x) => x.wasm).length}/${v.length} (${files})`);
    }
  }
  out.push(`- throttling check (fixed loop): ${CONDITIONS.map((c) => `${c.label} ${ms(meta.calibration[c.id])} ms`).join(", ")}`);
  return [...new Set(out)].join("\n");
}

function report(rows, meta) {
  const preliminary = meta.n < FINAL_N || SUBJECTS.length < 4;
  return [
    preliminary
      ? `**PRELIMINARY — validation run (N=${meta.n}${SUBJECTS.length < 4 ? `, subjects ${SUBJECTS.map((s) => s.id)}` : ""}); not final numbers.**\n`
      : "",
    `Run ${meta.date}: ${meta.n} loads per subject and condition (+${meta.warmup} discarded warm-up), interleaved; ` +
      `machine: ${meta.nproc} CPUs (${meta.cpu}); Chromium ${meta.chromium}; Node ${meta.node}; viewport ${VIEWPORT.width}×${VIEWPORT.height}.`,
    "",
    table(rows),
    "",
    notes(rows, meta),
  ].join("\n");
}

const BEGIN = "<!-- first-screen:results:begin (written by bench/first-screen.mjs) -->";
const END = "<!-- first-screen:results:end -->";

/** Replaces the results section of BENCHMARKS.md, keeping the rest. */
function writeBenchmarks(text) {
  const file = join(ROOT, "BENCHMARKS.md");
  const block = `${BEGIN}\n${text}\n${END}`;
  const old = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmarks\n";
  const next = old.includes(BEGIN) && old.includes(END)
    ? old.slice(0, old.indexOf(BEGIN)) + block + old.slice(old.indexOf(END) + END.length)
    : `${old.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, next);
}

// ---------------------------------------------------------------- main

function log(msg) { process.stderr.write(`[first-screen] ${msg}\n`); }

async function main() {
  if (!SUBJECTS.length) throw new Error("BENCH_SUBJECTS selects no subject (ours, orejime, cookieconsent, klaro)");
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} missing: apt-get install -y chromium`);
  if (env.BENCH_TRACE) mkdirSync(env.BENCH_TRACE, { recursive: true });
  for (const s of SUBJECTS.filter((s) => s.pkg)) {
    s.version = JSON.parse(readFileSync(join(BENCH, "node_modules", s.pkg, "package.json"), "utf8")).version;
  }
  const ours = SUBJECTS.find((s) => s.id === "ours");
  if (ours && !existsSync(join(ROOT, "dist", "widget", "loader.js"))) {
    throw new Error("dist/widget/loader.js missing: bash scripts/build.sh --release && cargo build --release -p pw-server");
  }

  // The host origin must be known before pw-server starts (its CORS list).
  const hostPort = await freePort();
  const hostOrigin = `http://127.0.0.1:${hostPort}`;
  let api = "";
  if (ours) {
    api = (await startPwServer(hostOrigin)).url;
    await seedConsentTypes(api);
    log(`pw-server at ${api}, 3 consent types seeded`);
  }
  const vars = {
    WIDGET_ORIGIN: api, API_ORIGIN: api, WORKSPACE: TENANT.workspace, PUBLIC_KEY: TENANT.publicKey,
    ORGANIZATION: TENANT.organization, PROJECT: TENANT.project,
  };
  await startStaticServer(routesFor(vars), hostPort);

  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS, timeout: 60_000 });
  cleanups.push(() => browser.close());
  const meta = {
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"), n: N, warmup: WARMUP,
    nproc: availableParallelism(), cpu: cpus()[0]?.model?.trim() || "?", chromium: browser.version(), node: process.version,
  };
  meta.calibration = await calibrate(browser, hostOrigin);
  log(`Chromium ${meta.chromium}; throttle check ${JSON.stringify(meta.calibration)}`);

  // Every round visits every subject under both conditions, in a rotating order.
  const results = [];
  const plan = [];
  for (let round = -WARMUP; round < N; round++) {
    for (const condition of CONDITIONS) {
      const k = ((round % SUBJECTS.length) + SUBJECTS.length) % SUBJECTS.length;
      for (const subject of [...SUBJECTS.slice(k), ...SUBJECTS.slice(0, k)]) {
        plan.push({ round, subject, condition, mode: "accept" });
        if (subject.customise) plan.push({ round, subject, condition, mode: "customise" });
      }
    }
  }
  for (const [i, step] of plan.entries()) {
    const { round, subject, condition, mode } = step;
    const row = { round, subject: subject.id, condition: condition.id, mode };
    try {
      Object.assign(row, await within(4 * LOAD_TIMEOUT, "load", measureLoad(browser, hostOrigin, subject, condition, mode)));
    } catch (e) {
      row.error = String(e.message || e).split("\n")[0];
    }
    if (round >= 0) results.push(row);
    log(`${i + 1}/${plan.length} ${round < 0 ? "warm-up " : ""}${subject.id} ${condition.id} ${mode}: ` +
      (row.error ? `ERROR ${row.error}` : `clickable ${ms(row.clickable)} ms, ${kb(row.wire)} kB wire` +
        (row.afterClickError ? `, ${row.afterClickError}` : mode === "accept" ? `, gated +${ms(row.gated)} ms` : `, panel +${ms(row.panel)} ms`)));
  }

  const rows = summarise(results);
  const text = report(rows, meta);
  console.log(text);
  mkdirSync(join(BENCH, "out"), { recursive: true });
  writeFileSync(join(BENCH, "out", "first-screen-latest.json"), JSON.stringify({ meta, results }, null, 1));
  if (env.BENCH_WRITE !== "0") { writeBenchmarks(text); log("BENCHMARKS.md updated"); }
  const failed = results.filter((r) => r.error).length;
  return failed === results.length ? 1 : 0;
}

const deadline = setTimeout(async () => {
  log(`run timeout (${RUN_TIMEOUT / 60_000} min): stopping`);
  await cleanup();
  process.exit(2);
}, RUN_TIMEOUT);
for (const sig of ["SIGINT", "SIGTERM"]) process.once(sig, async () => { await cleanup(); process.exit(130); });

let code = 1;
try {
  code = await main();
} catch (e) {
  log(`failed: ${e.stack || e}`);
} finally {
  clearTimeout(deadline);
  await cleanup();
}
process.exit(code);
