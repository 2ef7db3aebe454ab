#!/usr/bin/env node
// Builds 支部台账 into dist/ (or --out DIR): a set of static files for any web server.
//
//   node scripts/build.mjs --release   the release build (what scripts/test.sh tests and bench/run measures)
//   node scripts/build.mjs             a debug build (faster to compile, much larger wasm)
//   node scripts/build.mjs --watch     build, then build again whenever a source changes (scripts/serve.sh --dev)
//
// Steps:
//   1. the wasm, split into lazily loaded chunks (scripts/build-wasm.mjs: cargo, wasm-split-cli, wasm-bindgen,
//      wasm-opt in release, the packs of chunks);
//   2. the page: index.html is the template. Its stylesheets (`<link rel="stylesheet" href="style/…">`, in
//      order) become one `style-<hash>.css`; each file it names under public/ (`href="public/…"`,
//      `src="public/…"`) is copied with a content hash in its name; the empty `<script id="zhibu-boot">` tag
//      gets the hashed names public/boot.js reads, after preload links for what the start fetches first. No
//      inline script: the page's Content-Security-Policy forbids it;
//   3. the files with fixed names (PLAIN below: the manifest, its icons, the service worker);
//   4. the service worker's precache list and version (public/sw.js's two constants), from every file built.
// Everything is written into a staging directory first, which then replaces the output directory in one
// rename, so a server reading dist/ (scripts/serve.sh --dev) never sees half a build.
import { createHash } from "node:crypto";
import { cp, mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, extname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { buildWasm } from "./build-wasm.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
// Copied from public/ under their own names: the service worker must keep its URL (browsers look for updates
// there), and the manifest and icons are named by the manifest and by platforms that cache them.
const PLAIN = ["apple-touch-icon.png", "manifest.webmanifest", "icons", "sw.js"];
// What a rebuild in --watch mode looks at.
const WATCHED = ["src", "style", "public", "index.html", "Cargo.toml", "Cargo.lock"];

const args = process.argv.slice(2);
const release = args.includes("--release");
const outIndex = args.indexOf("--out");
const out = resolve(ROOT, outIndex >= 0 ? args[outIndex + 1] : "dist");
const log = (msg) => console.log(`build: ${msg}`);
const hash = (bytes) => createHash("sha256").update(bytes).digest("hex").slice(0, 16);
const sri = (bytes) => `sha384-${createHash("sha384").update(bytes).digest("base64")}`;
const esc = (s) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

async function build() {
  const t0 = Date.now();
  const staging = `${out}.staging`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  const boot = await buildWasm({ out: staging, release });
  await writePage(staging, boot);
  for (const name of PLAIN) await cp(join(ROOT, "public", name), join(staging, name), { recursive: true });
  await writePrecache(staging);
  const old = `${out}.old`;
  await rm(old, { recursive: true, force: true });
  await rename(out, old).catch((e) => {
    if (e.code !== "ENOENT") throw e;
  });
  await rename(staging, out);
  await rm(old, { recursive: true, force: true });
  log(`${release ? "release" : "debug"} build in ${relative(ROOT, out) || "."}/ (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}

// Copies `file` into `dir` as <stem>-<hash><ext>; returns the new name and the bytes.
async function copyHashed(file, dir) {
  const bytes = await readFile(file);
  const ext = extname(file);
  const name = `${basename(file, ext)}-${hash(bytes)}${ext}`;
  await writeFile(join(dir, name), bytes);
  return { name, bytes };
}

// Step 2: index.html, with the stylesheets joined, public/ files hashed and the boot tag filled in.
async function writePage(dir, boot) {
  let page = await readFile(join(ROOT, "index.html"), "utf8");
  // One stylesheet, in the same order (so the cascade is unchanged): one request instead of eight, and gzip
  // sees the repeated selectors and properties once (20.1 KB gzip as eight files, 15.9 KB as one).
  const sheet = /<link rel="stylesheet" href="(style\/[^"]+\.css)"\s*\/?>\s*/g;
  const sheets = [...page.matchAll(sheet)].map((m) => m[1]);
  if (!sheets.length) throw new Error("index.html names no stylesheet under style/");
  const css = (await Promise.all(sheets.map((f) => readFile(join(ROOT, f), "utf8")))).join("\n");
  const cssName = `style-${hash(css)}.css`;
  await writeFile(join(dir, cssName), css);
  let first = true;
  page = page.replace(sheet, (whole) => {
    const keep = first ? `<link rel="stylesheet" href="/${cssName}" integrity="${sri(css)}" />\n  ` : "";
    first = false;
    return keep;
  });
  // Files under public/ named by the page: hashed (cached for ever), with the script's integrity.
  const named = [...page.matchAll(/\b(href|src)="public\/([^"]+)"/g)];
  for (const [whole, attr, file] of named) {
    const { name, bytes } = await copyHashed(join(ROOT, "public", file), dir);
    const integrity = attr === "src" ? ` integrity="${sri(bytes)}"` : "";
    page = page.replace(whole, `${attr}="/${name}"${integrity}`);
  }
  // The glue, the chunk loader and the main wasm are fetched as soon as the page is read, not one after the
  // other as each imports the next (boot.js, then the glue, then the loader, and only then the wasm).
  const preloads = [
    `<link rel="modulepreload" href="/${esc(boot.js)}" />`,
    `<link rel="modulepreload" href="/${esc(boot.loader)}" />`,
    `<link rel="preload" href="/${esc(boot.wasm)}" as="fetch" type="application/wasm" crossorigin />`,
  ];
  const startPacks = boot.startPacks.map((f) => `/${f}`).join(" ");
  const tag =
    `${preloads.join("\n  ")}\n  <script type="application/json" id="zhibu-boot" data-js="/${esc(boot.js)}" ` +
    `data-wasm="/${esc(boot.wasm)}" data-start-packs="${esc(startPacks)}"></script>`;
  const empty = '<script type="application/json" id="zhibu-boot"></script>';
  if (!page.includes(empty)) throw new Error(`index.html has no ${empty}`);
  await writeFile(join(dir, "index.html"), page.replace(empty, tag));
}

// Step 4: the service worker's precache list (every file but itself) and a version hashed from every file's
// path and content, so that a build that changes anything gives a byte-different sw.js, which browsers
// install as an update.
async function writePrecache(dir) {
  const files = (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath ?? e.path, e.name)).split(sep).join("/"))
    .filter((p) => p !== "sw.js")
    .sort();
  const version = createHash("sha256");
  for (const p of files) version.update(`${p}\0`).update(await readFile(join(dir, p))).update("\0");
  const sw = await readFile(join(dir, "sw.js"), "utf8");
  const VERSION = /^const VERSION = "[^"]*";$/m;
  const PRECACHE = /^const PRECACHE = \[[^\]]*\];$/m;
  if (!VERSION.test(sw) || !PRECACHE.test(sw)) throw new Error("public/sw.js lacks its VERSION / PRECACHE lines");
  const urls = files.map((p) => p.split("/").map(encodeURIComponent).join("/"));
  await writeFile(
    join(dir, "sw.js"),
    sw
      .replace(VERSION, `const VERSION = ${JSON.stringify(version.digest("hex").slice(0, 16))};`)
      .replace(PRECACHE, `const PRECACHE = ${JSON.stringify(urls)};`),
  );
}

// --watch: the newest modification time under the watched paths, polled once a second (simple, and the same
// on every file system); a change during a build starts another one after it.
async function newest(path) {
  const s = await stat(path).catch(() => null);
  if (!s) return 0;
  if (!s.isDirectory()) return s.mtimeMs;
  const times = await Promise.all((await readdir(path)).map((e) => newest(join(path, e))));
  return Math.max(s.mtimeMs, ...times);
}
const sourcesTime = async () => Math.max(...(await Promise.all(WATCHED.map((p) => newest(join(ROOT, p))))));

const watch = args.includes("--watch");
let seen = watch ? await sourcesTime() : 0;
try {
  await build();
} catch (err) {
  if (!watch) throw err;
  console.error(`build: failed: ${err.message}`);
}
if (watch) {
  log("watching for changes (reload the page after a rebuild)");
  for (;;) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = await sourcesTime();
    if (now === seen) continue;
    seen = now;
    log("a source changed: building again");
    await build().catch((err) => console.error(`build: failed: ${err.message}`));
  }
}
