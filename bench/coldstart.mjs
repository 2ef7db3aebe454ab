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
// discarded. The profiles take turns (empty, demo, large, empty, …), so each meets the same machine. Each run
// waits for the start to finish (概览's data-stage="all"), closes its page and pauses 1.5 s (SETTLE_MS), so
// that it never shares the machine with the end of the run before. One page runs at a time. Prints
// `RESULT coldstart_<profile> <median_ms> <min_ms> <max_ms> <runs>`, the ratio of the LARGE and empty medians,
// and the median of each round's own LARGE / empty ratio.
//
// Usage: node bench/coldstart.mjs --dist DIR --port 4303 --demo demo.json --large large.json [--runs 7]
import { join } from "node:path";
import { ROOT, coldStart, openProfile, parseArgs, startServer, stats } from "./lib.mjs";

const { opt } = parseArgs();
const dist = opt("dist", join(ROOT, "dist"));
const port = Number(opt("port", "4303"));
const runs = Math.max(5, Number(opt("runs", "7")));
const files = { demo: opt("demo", ""), large: opt("large", "") };
const only = opt("only", "empty,demo,large").split(",");

const SELECTOR = { empty: "#welcome-title", demo: "table.compliance-grid", large: "table.compliance-grid" };

const { base, stop } = await startServer(dist, port);
const profiles = ["empty", "demo", "large"].filter((p) => only.includes(p));
const opened = [];
try {
  for (const profile of profiles) {
    if (profile !== "empty" && !files[profile]) throw new Error(`--${profile} FILE is required`);
    opened.push({ profile, ...(await openProfile(base, profile, profile === "empty" ? "" : files[profile])) });
  }
  // Round robin: one run of each profile in turn, so that every profile meets the same machine (a slower
  // minute, another process) and the ratio compares like with like.
  for (const { profile, context } of opened) await coldStart(context, base, SELECTOR[profile]); // warm-up, discarded
  const times = Object.fromEntries(profiles.map((p) => [p, []]));
  for (let i = 0; i < runs; i++) {
    for (const { profile, context } of opened) times[profile].push(await coldStart(context, base, SELECTOR[profile]));
  }
  const results = {};
  for (const profile of profiles) {
    const s = stats(times[profile]);
    results[profile] = s;
    console.log(`RESULT coldstart_${profile} ${s.median.toFixed(0)} ${s.min.toFixed(0)} ${s.max.toFixed(0)} ${s.n}`);
  }
  if (results.empty && results.large) {
    console.log(`RATIO coldstart_large_vs_empty ${(results.large.median / results.empty.median).toFixed(2)}`);
    // The same from each round's own pair: how often the round met the target.
    const pairs = times.large.map((t, i) => t / times.empty[i]);
    const met = pairs.filter((r) => r <= 1.5).length;
    console.log(`PAIRS coldstart_large_vs_empty median ${stats(pairs).median.toFixed(2)}, <= 1.5 in ${met} of ${pairs.length} rounds`);
  }
} finally {
  for (const { close } of opened) await close();
  stop();
}
