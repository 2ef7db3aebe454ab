#!/usr/bin/env node
// Trunk post_build hook (Trunk.toml [[hooks]]): writes the precache list of the service worker.
//
// Trunk has just assembled the build in $TRUNK_STAGING_DIR (hashed zhibu-*.js, zhibu-*_bg.wasm, boot-*.js,
// the stylesheets, icons, manifest, index.html, and sw.js copied from public/). This script lists every file
// there except sw.js itself, hashes their paths and contents, and fills in sw.js's two constants:
//   const VERSION = "<first 16 hex digits of the sha-256>";
//   const PRECACHE = ["index.html", "zhibu-….js", …];
// so each build that changes anything yields a byte-different sw.js, which browsers install as an update.
// Usage outside trunk: node scripts/precache.mjs <dist dir>
import { createHash } from "node:crypto";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";

const dir = process.argv[2] || process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error("precache: no build directory (TRUNK_STAGING_DIR unset and no argument)");
  process.exit(1);
}
const SW = "sw.js";

async function walk(d) {
  const out = [];
  for (const e of await readdir(d, { withFileTypes: true })) {
    if (e.name.startsWith(".")) continue; // trunk's .stage and the like
    const full = join(d, e.name);
    if (e.isDirectory()) out.push(...(await walk(full)));
    else if (e.isFile()) out.push(full);
  }
  return out;
}

const files = (await walk(dir))
  .map((f) => relative(dir, f).split(sep).join("/"))
  .filter((p) => p !== SW)
  .sort();
if (!files.includes("index.html")) {
  console.error(`precache: ${dir} has no index.html`);
  process.exit(1);
}

const hash = createHash("sha256");
for (const p of files) {
  hash.update(p);
  hash.update("\0");
  hash.update(await readFile(join(dir, p)));
  hash.update("\0");
}
const version = hash.digest("hex").slice(0, 16);
const urls = files.map((p) => p.split("/").map(encodeURIComponent).join("/"));

const swPath = join(dir, SW);
const src = await readFile(swPath, "utf8");
const VERSION_RE = /^const VERSION = "[^"]*";$/m;
const PRECACHE_RE = /^const PRECACHE = \[[^\]]*\];$/m;
if (!VERSION_RE.test(src) || !PRECACHE_RE.test(src)) {
  console.error(`precache: ${swPath} lacks the 'const VERSION = "…";' / 'const PRECACHE = […];' lines`);
  process.exit(1);
}
const out = src
  .replace(VERSION_RE, `const VERSION = ${JSON.stringify(version)};`)
  .replace(PRECACHE_RE, `const PRECACHE = ${JSON.stringify(urls)};`);
await writeFile(swPath, out);
console.log(`precache: sw.js version ${version}, ${urls.length} files`);
