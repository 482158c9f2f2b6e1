// What every test of the loader on a host page starts with: the real server,
// a browser, and a host origin serving `routes` (path -> { body, headers,
// delay }) that the workspace allows (CORS).
import assert from "node:assert/strict";
import { join } from "node:path";
import { launch } from "./browser.mjs";
import { serve } from "./static-server.mjs";
import { startServer, adminFetch, ROOT } from "./server.mjs";

export async function startHost({ env } = {}) {
  const routes = {};
  const server = await startServer({ env });
  const browser = await launch();
  const host = await serve(join(ROOT, "tests", "e2e"), routes);
  const allow = await adminFetch(server, "/v1/ws/1/origins", { method: "POST", body: { origin: host.url } });
  assert.equal(allow.status, 201, JSON.stringify(allow.body));
  const stop = async () => { await browser.close(); await server.stop(); await host.close(); };
  return { server, browser, host, routes, stop };
}
