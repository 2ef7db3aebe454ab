#!/usr/bin/env node
// Trunk `post_build` hook (Trunk.toml [[hooks]]), after trunk has written index.html into the staging dir:
//   1. replaces index.html's `<link data-trunk rel="rust" data-trunk-skip …>` (which trunk leaves as it is,
//      since scripts/build-wasm.mjs builds the wasm) with the tag public/boot.js reads:
//        <script type="application/json" id="zhibu-boot" data-js="/zhibu-….js" data-wasm="/zhibu-…_bg.wasm"
//                data-start-packs="/pack-start-….bin">
//      (no inline code: the page's CSP forbids it), using the names build-wasm.mjs left in .zhibu-boot.json,
//      after preload links for the glue, the chunk loader and the main wasm (fetched in parallel from the start);
//   2. joins the stylesheets trunk wrote (one per `<link data-trunk rel="css">` in index.html, each one area's
//      rules) into one `style-<hash>.css`, in the same order, so the cascade is unchanged: one request instead of
//      eight, and gzip sees the repeated selectors and properties once (measured on the release build: 20.1 KB
//      gzip as eight files, 15.9 KB as one);
//   3. then runs scripts/precache.mjs (the service worker's file list), which must see the final files.
// Trunk runs the hooks of one stage at the same time, so both steps live in this one hook.
// Usage outside trunk: node scripts/post-build.mjs <dist dir> [public url, default "/"]
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const dir = process.argv[2] || process.env.TRUNK_STAGING_DIR;
const base = process.argv[3] || process.env.TRUNK_PUBLIC_URL || "/";
if (!dir) {
  console.error("post-build: no build directory (TRUNK_STAGING_DIR unset and no argument)");
  process.exit(1);
}
const bootFile = join(dir, ".zhibu-boot.json");
const boot = JSON.parse(await readFile(bootFile, "utf8"));
const esc = (s) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
// The browser fetches the glue, the chunk loader and the main wasm module as soon as it reads the page, not one
// after the other as each imports the next (boot.js -> glue -> loader, and only then the wasm).
const preloads = [
  `<link rel="modulepreload" href="${esc(base + boot.js)}"/>`,
  ...(boot.loader ? [`<link rel="modulepreload" href="${esc(base + boot.loader)}"/>`] : []),
  `<link rel="preload" href="${esc(base + boot.wasm)}" as="fetch" type="application/wasm" crossorigin/>`,
];
const startPacks = (boot.startPacks || []).map((f) => base + f).join(" ");
const tag =
  preloads.join("\n  ") +
  `\n  <script type="application/json" id="zhibu-boot" data-js="${esc(base + boot.js)}" ` +
  `data-wasm="${esc(base + boot.wasm)}" data-start-packs="${esc(startPacks)}"></script>`;
const indexPath = join(dir, "index.html");
const html = await readFile(indexPath, "utf8");
const link = /<link\b[^>]*\brel="rust"[^>]*>/s;
if (!link.test(html)) {
  console.error(`post-build: ${indexPath} has no <link … rel="rust" …> to replace`);
  process.exit(1);
}
let page = html.replace(link, tag);

// 2. one stylesheet
const cssLink = /<link rel="stylesheet" href="([^"]+\.css)"[^>]*>\s*/g;
const sheets = [...page.matchAll(cssLink)];
if (sheets.length > 1) {
  const fileOf = (href) => join(dir, href.startsWith(base) ? href.slice(base.length) : href);
  const parts = [];
  for (const [, href] of sheets) parts.push(await readFile(fileOf(href), "utf8"));
  const css = parts.join("\n");
  const name = `style-${createHash("sha256").update(css).digest("hex").slice(0, 16)}.css`;
  await writeFile(join(dir, name), css);
  for (const [, href] of sheets) await rm(fileOf(href));
  const integrity = `sha384-${createHash("sha384").update(css).digest("base64")}`;
  const one = `<link rel="stylesheet" href="${esc(base + name)}" integrity="${integrity}"/>\n`;
  let first = true;
  page = page.replace(cssLink, () => {
    const out = first ? one : "";
    first = false;
    return out;
  });
}
await writeFile(indexPath, page);
await rm(bootFile);
execFileSync(process.execPath, [join(ROOT, "scripts/precache.mjs"), dir], { stdio: "inherit" });
