#!/usr/bin/env node
// Cold start of the release build in headless Chromium (Playwright as a library, Debian's Chromium): from
// navigation to the 概览 page rendered, for three browser profiles:
//   empty  an empty database: until the first-run welcome card (#welcome-title) is in the page;
//   demo   the 载入示例支部 branch (40 members, 3 years): until the compliance grid (table.compliance-grid);
//   large  the LARGE branch (80 members, 10 years, ~1,100 activities, ~55k roll entries): same selector.
// A profile is a persistent user-data-dir, seeded once by importing a backup file through the 数据 page (the
// user's own path). Then each run opens a new page in that profile with the HTTP cache disabled (so the
// wasm is fetched and compiled every time, as on a first visit) and reads performance.now() — milliseconds
// since navigation start — at the moment a MutationObserver first sees the selector. One warm-up run is
// discarded. Prints `RESULT coldstart_<profile> <median_ms> <min_ms> <max_ms> <runs>`.
//
// Usage: node bench/coldstart.mjs --dist DIR --port 4303 --demo demo.json --large large.json [--runs 7]
import { chromium } from "@playwright/test";
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : def;
};
const dist = opt("dist", join(ROOT, "dist"));
const port = Number(opt("port", "4303"));
const runs = Math.max(5, Number(opt("runs", "7")));
const files = { demo: opt("demo", ""), large: opt("large", "") };
const only = opt("only", "empty,demo,large").split(",");
const base = `http://127.0.0.1:${port}`;
const chromiumArgs = JSON.parse(await readFile(join(ROOT, "scripts/chromium-args.json"), "utf8"));
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";

const SELECTOR = { empty: "#welcome-title", demo: "table.compliance-grid", large: "table.compliance-grid" };

function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  const median = n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  return { median, min: s[0], max: s[n - 1], n };
}

async function waitForServer() {
  for (let i = 0; i < 100; i++) {
    try {
      const r = await fetch(`${base}/index.html`);
      if (r.ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server on ${base} did not start`);
}

async function seed(context, file) {
  const page = await context.newPage();
  await page.goto(`${base}/data`);
  await page.getByLabel("选择备份文件（.json）").setInputFiles(file);
  const preview = page.locator("main .import-preview");
  await preview.waitFor({ timeout: 180_000 });
  await preview.getByRole("button", { name: "导入并替换现有数据" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "替换" }).click();
  await page.locator("main .alert-ok", { hasText: "已导入" }).waitFor({ timeout: 300_000 });
  await page.close();
}

// Runs in the page before any of its scripts: notes when `selector` first appears.
function watch(selector) {
  window.__benchReady = undefined;
  const check = () => {
    if (window.__benchReady === undefined && document.querySelector(selector)) {
      window.__benchReady = performance.now();
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true });
}

async function once(context, selector) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  await page.addInitScript(watch, selector);
  await page.goto(`${base}/`);
  await page.waitForFunction(() => window.__benchReady !== undefined, null, { timeout: 120_000, polling: 50 });
  const ms = await page.evaluate(() => window.__benchReady);
  await page.close();
  return ms;
}

const server = spawn(process.execPath, [join(ROOT, "scripts/serve-dist.mjs"), "--dir", dist, "--port", String(port)], {
  stdio: ["ignore", "ignore", "inherit"],
});
const results = {};
try {
  await waitForServer();
  for (const profile of ["empty", "demo", "large"]) {
    if (!only.includes(profile)) continue;
    if (profile !== "empty" && !files[profile]) throw new Error(`--${profile} FILE is required`);
    const dir = await mkdtemp(join(tmpdir(), `zhibu-bench-${profile}-`));
    const context = await chromium.launchPersistentContext(dir, {
      executablePath,
      args: chromiumArgs,
      headless: true,
      viewport: { width: 1280, height: 900 },
      // No service worker: it would serve the files from its own cache (past the disabled HTTP cache) in profiles
      // where it is installed, and after a profile's first visit it precaches every chunk (~400 files) while the
      // next runs are measured. Blocked, every run fetches and compiles the same files from the server.
      serviceWorkers: "block",
    });
    try {
      if (profile !== "empty") {
        const t = Date.now();
        await seed(context, files[profile]);
        console.log(`seeded the ${profile} profile through the 数据 page in ${((Date.now() - t) / 1000).toFixed(1)} s`);
      }
      await once(context, SELECTOR[profile]); // warm-up, discarded
      const times = [];
      for (let i = 0; i < runs; i++) times.push(await once(context, SELECTOR[profile]));
      const s = stats(times);
      results[profile] = s;
      console.log(`RESULT coldstart_${profile} ${s.median.toFixed(0)} ${s.min.toFixed(0)} ${s.max.toFixed(0)} ${s.n}`);
    } finally {
      await context.close();
      await rm(dir, { recursive: true, force: true });
    }
  }
  if (results.empty && results.large) {
    console.log(`RATIO coldstart_large_vs_empty ${(results.large.median / results.empty.median).toFixed(2)}`);
  }
} finally {
  server.kill();
}
