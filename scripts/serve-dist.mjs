#!/usr/bin/env node
// A tiny static server for the built app (dist/), with the SPA fallback the path routes need:
// a path with no file behind it and no file extension gets index.html (e.g. /members, /activities/abc).
// Usage: node scripts/serve-dist.mjs [--dir dist] [--port 4173] [--host 127.0.0.1]
//          [--couch http://127.0.0.1:PORT [--couch-gate [--couch-admins a,b]] [--test-controls]]
// --couch forwards /couchdb/… to that CouchDB-compatible server (scripts/couch-proxy.mjs: --couch-gate enforces
// CouchDB 3's access rules, with these user names as server admins; --test-controls adds /__test/couch for
// the e2e tests).
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve, sep } from "node:path";
import { createCouchProxy } from "./couch-proxy.mjs";

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : def;
};
const root = resolve(opt("dir", "dist"));
const port = Number(opt("port", process.env.E2E_PORT || "4173"));
const host = opt("host", "127.0.0.1");
const couch = args.includes("--couch")
  ? createCouchProxy({
      target: opt("couch"),
      gate: args.includes("--couch-gate"),
      admins: opt("couch-admins", "").split(",").filter(Boolean),
      testControls: args.includes("--test-controls"),
    })
  : () => false;

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".webmanifest": "application/manifest+json",
  ".txt": "text/plain; charset=utf-8",
};

async function fileAt(urlPath) {
  const rel = normalize(decodeURIComponent(urlPath)).replace(/^([/\\])+/, "");
  const full = join(root, rel);
  if (full !== root && !full.startsWith(root + sep)) return null; // no escaping dist/
  try {
    const s = await stat(full);
    if (s.isFile()) return full;
    if (s.isDirectory()) {
      const idx = join(full, "index.html");
      if ((await stat(idx).catch(() => null))?.isFile()) return idx;
    }
  } catch {
    /* not found */
  }
  return null;
}

const server = createServer(async (req, res) => {
  if (couch(req, res)) return;
  try {
    const url = new URL(req.url, `http://${host}`);
    let file = await fileAt(url.pathname);
    if (!file && !extname(url.pathname)) file = join(root, "index.html"); // SPA fallback
    if (!file) {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
      res.end("404 Not Found\n");
      return;
    }
    const body = await readFile(file);
    // Only the content-hashed files (name-<16 hex>.ext) may be cached for ever; index.html, sw.js, the
    // manifest and icons keep their names across builds, so the browser must ask again each time.
    const hashed = /-[0-9a-f]{12,16}(_bg)?\.[a-z]+$/.test(file);
    res.writeHead(200, {
      "content-type": TYPES[extname(file)] || "application/octet-stream",
      "cache-control": hashed ? "public, max-age=31536000, immutable" : "no-cache",
      "x-content-type-options": "nosniff",
    });
    res.end(req.method === "HEAD" ? undefined : body);
  } catch (err) {
    res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
    res.end(`500 ${err}\n`);
  }
});

server.listen(port, host, () => {
  console.log(`serving ${root} at http://${host}:${port}/ (SPA fallback to index.html)`);
  if (args.includes("--couch")) console.log(`/couchdb/ → ${opt("couch")}${args.includes("--couch-gate") ? " (gate)" : ""}`);
});
// Stop at once: server.close() alone waits for every open connection, and a browser may keep one busy
// (a keep-alive socket mid-request, a service worker's precache) for as long as it likes.
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
    setTimeout(() => process.exit(0), 1000).unref();
  });
}
