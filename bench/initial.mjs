#!/usr/bin/env node
// The initial transfer of the app: loads the 概览 page of a built dist in headless Chromium with an empty
// profile (no service worker, no HTTP cache) and records every file the page fetches until 概览 is rendered
// (#welcome-title, the first-run card of an empty database), with its raw size and its gzip -9 size computed
// from the file in dist. The service worker then precaches the rest; those fetches are not counted here.
// Then (--pages) visits every page through the app's own links and checks that it renders, listing the
// chunks each one fetched.
// Prints `RESULT initial_gzip <bytes>` and `RESULT initial_raw <bytes>`, and a table with --verbose.
//
// Usage: node bench/initial.mjs --dist DIR [--port 4310] [--verbose] [--pages]
import { chromium } from "@playwright/test";
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : def;
};
const dist = opt("dist", join(ROOT, "dist"));
const port = Number(opt("port", "4310"));
const verbose = args.includes("--verbose");
const base = `http://127.0.0.1:${port}`;
const chromiumArgs = JSON.parse(await readFile(join(ROOT, "scripts/chromium-args.json"), "utf8"));

const server = spawn(process.execPath, [join(ROOT, "scripts/serve-dist.mjs"), "--dir", dist, "--port", String(port)], {
  stdio: "ignore",
});
const stop = () => server.kill();
process.on("exit", stop);
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${base}/index.html`)).ok) break;
  } catch {
    /* not yet */
  }
  if (i > 100) throw new Error("server did not start");
  await new Promise((r) => setTimeout(r, 100));
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: chromiumArgs });
// No service worker: it would fetch every file of the build in the background (the precache).
const context = await browser.newContext({ serviceWorkers: "block" });
const page = await context.newPage();
const fetched = [];
page.on("request", (req) => {
  const url = new URL(req.url());
  if (url.origin === base) fetched.push(url.pathname);
});
const errors = [];
page.on("pageerror", (e) => errors.push(String(e)));
page.on("console", (m) => m.type() === "error" && errors.push(m.text()));

const gzipOf = async (path) => {
  const file = path === "/" || !path.includes(".") ? "index.html" : decodeURIComponent(path.slice(1));
  const bytes = await readFile(join(dist, file));
  return { file, raw: bytes.length, gz: gzipSync(bytes, { level: 9 }).length };
};

await page.goto(`${base}/`);
await page.waitForSelector("#welcome-title", { timeout: 60_000 });
const initial = [...new Set(fetched)];
let raw = 0;
let gz = 0;
const rows = [];
for (const p of initial) {
  const s = await gzipOf(p);
  rows.push(s);
  if (/\.(wasm|js|css)$/.test(s.file)) {
    raw += s.raw;
    gz += s.gz;
  }
}
if (verbose) {
  for (const r of rows) console.log(`${r.file.padEnd(60)} ${String(r.raw).padStart(9)} ${String(r.gz).padStart(9)}`);
}
console.log(`initial (wasm+js+css fetched until 概览 is rendered): ${rows.filter((r) => /\.(wasm|js|css)$/.test(r.file)).length} files`);
console.log(`RESULT initial_raw ${raw}`);
console.log(`RESULT initial_gzip ${gz}`);

if (args.includes("--pages")) {
  const NAV = ["活动记录", "党员", "学习计划", "日程", "我的", "统计", "数据", "概览"];
  for (const label of NAV) {
    const before = fetched.length;
    await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: label, exact: true }).click();
    // Each page's first heading is its navigation label (概览 of an empty database: the welcome card).
    const want = label === "概览" ? "欢迎使用支部台账" : label;
    await page.waitForFunction((w) => document.querySelector("main.content h1, main.content h2")?.textContent === w, want, {
      timeout: 60_000,
    });
    const heading = await page.locator("main.content h1, main.content h2").first().textContent();
    const chunks = fetched.slice(before).filter((p) => p.endsWith(".wasm"));
    let chunkGz = 0;
    for (const c of chunks) chunkGz += (await gzipOf(c)).gz;
    console.log(`page ${label}: heading "${heading}", ${chunks.length} chunks fetched, ${chunkGz} B gzip`);
  }
}
if (errors.length) {
  console.log(`errors in the page:\n  ${errors.join("\n  ")}`);
  process.exitCode = 1;
}
await browser.close();
stop();
