#!/usr/bin/env node
// The initial transfer of the app: what headless Chromium fetches from a built dist to draw the 概览 page on a
// first visit, with no service worker and no HTTP cache. Each file fetched is listed with its raw size and its
// gzip -9 size computed from the file in dist; the totals count the wasm, JS and CSS files. The service worker
// would then precache the rest; those fetches are not counted here (it is blocked).
//   empty profile (always): a new browser context, navigation to / until 概览 is rendered (#welcome-title,
//     the first-run card of an empty database). Prints `RESULT initial_raw <bytes>`, `RESULT initial_gzip <bytes>`.
//     Then (--pages) visits every page through the app's own links and checks that it renders, listing the
//     chunks each one fetched.
//   with data (--demo FILE): a persistent profile seeded by importing the backup FILE through the 数据 page (as
//     bench/coldstart.mjs's demo profile), then a new page in it with the HTTP cache disabled (DevTools
//     protocol), navigation to / until 概览 shows its compliance grid (table.compliance-grid). Prints
//     `RESULT initial_data_raw <bytes>`, `RESULT initial_data_gzip <bytes>`.
// With --verbose, the table of files (name, raw bytes, gzip -9 bytes) of each measurement. Exits with 1 if a
// page logged an error.
//
// Usage: node bench/initial.mjs --dist DIR [--port 4310] [--verbose] [--pages] [--demo demo.json]
import { chromium } from "@playwright/test";
import { readFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { join } from "node:path";
import { ROOT, launchOptions, openProfile, parseArgs, startServer, uncachedPage } from "./lib.mjs";

const { opt, flag } = parseArgs();
const dist = opt("dist", join(ROOT, "dist"));
const port = Number(opt("port", "4310"));
const verbose = flag("verbose");
const demo = opt("demo", "");

const { base, stop } = await startServer(dist, port);
const errors = [];
// Notes the path of every request `page` makes to the server (in order, repeated ones too) and the page's errors.
function record(page) {
  const fetched = [];
  page.on("request", (req) => {
    const url = new URL(req.url());
    if (url.origin === base) fetched.push(url.pathname);
  });
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  return fetched;
}

const gzipOf = async (path) => {
  const file = path === "/" || !path.includes(".") ? "index.html" : decodeURIComponent(path.slice(1));
  const bytes = await readFile(join(dist, file));
  return { file, raw: bytes.length, gz: gzipSync(bytes, { level: 9 }).length };
};

// The table (with --verbose) and the totals of the files in `fetched`, under the RESULT name `key`.
async function report(fetched, key, what) {
  let raw = 0;
  let gz = 0;
  const rows = [];
  for (const p of new Set(fetched)) {
    const s = await gzipOf(p);
    rows.push(s);
    if (/\.(wasm|bin|js|css)$/.test(s.file)) {
      raw += s.raw;
      gz += s.gz;
    }
  }
  if (verbose) {
    for (const r of rows) console.log(`${r.file.padEnd(60)} ${String(r.raw).padStart(9)} ${String(r.gz).padStart(9)}`);
  }
  console.log(`${what}: ${rows.filter((r) => /\.(wasm|bin|js|css)$/.test(r.file)).length} files`);
  console.log(`RESULT ${key}_raw ${raw}`);
  console.log(`RESULT ${key}_gzip ${gz}`);
}

const browser = await chromium.launch(await launchOptions());
// No service worker: it would fetch every file of the build in the background (the precache).
const context = await browser.newContext({ serviceWorkers: "block" });
const page = await context.newPage();
const fetched = record(page);

await page.goto(`${base}/`);
await page.waitForSelector("#welcome-title", { timeout: 60_000 });
await report([...fetched], "initial", "initial (wasm+js+css fetched until 概览 is rendered)");

if (flag("pages")) {
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
    const chunks = fetched.slice(before).filter((p) => p.endsWith(".wasm") || p.endsWith(".bin"));
    let chunkGz = 0;
    for (const c of chunks) chunkGz += (await gzipOf(c)).gz;
    console.log(`page ${label}: heading "${heading}", ${chunks.length} chunks fetched, ${chunkGz} B gzip`);
  }
}
await browser.close();

if (demo) {
  const profile = await openProfile(base, "demo", demo);
  try {
    const page = await uncachedPage(profile.context);
    const fetched = record(page);
    await page.goto(`${base}/`);
    await page.waitForSelector("table.compliance-grid", { timeout: 120_000 });
    const what = "initial with data (wasm+js+css fetched until 概览 shows the compliance grid)";
    await report([...fetched], "initial_data", what);
  } finally {
    await profile.close();
  }
}

if (errors.length) {
  console.log(`errors in the page:\n  ${errors.join("\n  ")}`);
  process.exitCode = 1;
}
stop();
