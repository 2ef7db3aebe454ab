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
// discarded. The runs of the profiles alternate (empty, demo, large, empty, …), so that a slow moment of the
// machine falls on all of them alike. Prints `RESULT coldstart_<profile> <median_ms> <min_ms> <max_ms> <runs>`.
//
// Usage: node bench/coldstart.mjs --dist DIR --port 4303 --demo demo.json --large large.json [--runs 7]
import { join } from "node:path";
import { ROOT, openProfile, parseArgs, startServer, uncachedPage } from "./lib.mjs";

const { opt } = parseArgs();
const dist = opt("dist", join(ROOT, "dist"));
const port = Number(opt("port", "4303"));
const runs = Math.max(5, Number(opt("runs", "7")));
const files = { demo: opt("demo", ""), large: opt("large", "") };
const only = opt("only", "empty,demo,large").split(",");

const SELECTOR = { empty: "#welcome-title", demo: "table.compliance-grid", large: "table.compliance-grid" };

function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  const median = n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  return { median, min: s[0], max: s[n - 1], n };
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
  const page = await uncachedPage(context);
  await page.addInitScript(watch, selector);
  await page.goto(`${base}/`);
  await page.waitForFunction(() => window.__benchReady !== undefined, null, { timeout: 120_000, polling: 50 });
  const ms = await page.evaluate(() => window.__benchReady);
  await page.close();
  return ms;
}

const { base, stop } = await startServer(dist, port);
const results = {};
const open = [];
try {
  // All profiles first (seeding each), then the runs interleaved (empty, demo, large, empty, …) so that the
  // profiles share the machine's ups and downs and the ratio compares like with like.
  const profiles = ["empty", "demo", "large"].filter((p) => only.includes(p));
  for (const profile of profiles) {
    if (profile !== "empty" && !files[profile]) throw new Error(`--${profile} FILE is required`);
    open.push({ profile, ...(await openProfile(base, profile, profile === "empty" ? "" : files[profile])) });
  }
  for (const { profile, context } of open) await once(context, SELECTOR[profile]); // warm-up, discarded
  const times = Object.fromEntries(profiles.map((p) => [p, []]));
  for (let i = 0; i < runs; i++) {
    for (const { profile, context } of open) times[profile].push(await once(context, SELECTOR[profile]));
  }
  for (const profile of profiles) {
    const s = stats(times[profile]);
    results[profile] = s;
    console.log(`RESULT coldstart_${profile} ${s.median.toFixed(0)} ${s.min.toFixed(0)} ${s.max.toFixed(0)} ${s.n}`);
  }
  if (results.empty && results.large) {
    console.log(`RATIO coldstart_large_vs_empty ${(results.large.median / results.empty.median).toFixed(2)}`);
  }
} finally {
  for (const { close } of open) await close();
  stop();
}
