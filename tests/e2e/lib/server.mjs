// Starts the real reference server (release build) for one test file: free
// ports on loopback, a temp SQLite file, fixed keys, the release dist/
// (or $PW_E2E_DIST, to test a build kept elsewhere).
import { spawn } from "node:child_process";
import { mkdtempSync, existsSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
export const ADMIN_KEY = "sk_test_admin_0123456789abcdef0123456789abcdef";
export const PUBLIC_KEY = "pk_test_public_0123456789abcdef0123456789abcd";
export const WORKSPACE = "1";
export const ORGANIZATION = "497f6eca-6276-4993-bfeb-53cbbbba6f08";
export const PROJECT = "9ec8a81a-31b2-4a83-bcd8-cef9150932d2";

function binary() {
  const candidates = [join(ROOT, "target", "release", "pw-server")];
  if (process.env.CARGO_TARGET_DIR) candidates.push(join(process.env.CARGO_TARGET_DIR, "release", "pw-server"));
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`pw-server not built (looked in ${candidates.join(", ")}): cargo build --release -p pw-server`);
  return found;
}

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

async function waitUntilUp(url, child, ms = 20_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (child.exitCode !== null) throw new Error(`pw-server exited with ${child.exitCode}`);
    try { if ((await fetch(url)).ok) return; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`pw-server did not answer ${url} within ${ms} ms`);
}

/**
 * Starts pw-server. `db` reuses a database file (to restart on the same data).
 * Resolves to { url, demoUrl, db, adminKey, publicKey, stop, kill, log }.
 */
export async function startServer({ env = {}, db } = {}) {
  const [port, demoPort] = [await freePort(), await freePort()];
  db ??= join(mkdtempSync(join(tmpdir(), "pw-e2e-")), "test.db");
  const url = `http://127.0.0.1:${port}`;
  const demoUrl = `http://127.0.0.1:${demoPort}`;
  const log = [];
  const child = spawn(binary(), [], {
    env: {
      ...process.env,
      PW_ADDR: `127.0.0.1:${port}`, PW_DEMO_ADDR: `127.0.0.1:${demoPort}`, PW_DB: db,
      PW_DIST: process.env.PW_E2E_DIST || join(ROOT, "dist"), PW_ADMIN_KEY: ADMIN_KEY, PW_PUBLIC_KEY: PUBLIC_KEY,
      PW_RATE_LIMIT: "0", PW_ALLOWED_ORIGINS: demoUrl, RUST_LOG: "warn", ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.on("data", (d) => log.push(String(d)));
  child.stderr.on("data", (d) => log.push(String(d)));
  await waitUntilUp(`${url}/openapi.json`, child);
  const exited = new Promise((r) => child.once("exit", r));
  return {
    url, demoUrl, db, log, adminKey: ADMIN_KEY, publicKey: PUBLIC_KEY,
    /** Graceful stop. */
    stop: async () => { if (child.exitCode === null) { child.kill("SIGTERM"); await exited; } },
    /** Abrupt stop, like a crash or a cut network. */
    kill: async () => { if (child.exitCode === null) { child.kill("SIGKILL"); await exited; } },
  };
}

/** fetch() against the admin API with the admin key, JSON in and out. */
export async function adminFetch(server, path, { method = "GET", body, headers = {} } = {}) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { "x-api-key": server.adminKey, ...(body ? { "content-type": "application/json" } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}
