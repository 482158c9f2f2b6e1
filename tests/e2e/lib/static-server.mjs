// A minimal static file server on 127.0.0.1:0 for pages that must be served
// with exact headers (the CSP-strict host page), independent of the API server.
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".mjs": "text/javascript",
  ".wasm": "application/wasm", ".css": "text/css", ".json": "application/json",
};

/**
 * Serves `routes` (path -> { body, headers, delay ms }) first, then files under `root`.
 * Resolves to { url, close }.
 */
export function serve(root, routes = {}) {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (path === "/favicon.ico") { res.writeHead(204); return res.end(); }
    const route = routes[path];
    if (route?.delay) await new Promise((r) => setTimeout(r, route.delay)); // a slow third party
    if (route) {
      res.writeHead(200, { "content-type": TYPES[".html"], ...route.headers });
      return res.end(route.body);
    }
    const file = normalize(join(root, path));
    if (!file.startsWith(normalize(root))) { res.writeHead(403); return res.end(); }
    try {
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] || "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404); res.end("not found");
    }
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}
