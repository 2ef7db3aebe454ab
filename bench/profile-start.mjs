#!/usr/bin/env node
// Where a cold start's main-thread time goes, by function: a CPU profile (DevTools Profiler, sampled every
// 100 µs) of cold starts as bench/coldstart.mjs runs them (bench/lib.mjs's coldStart, with this profiler as its
// probe), from navigation until 概览 is drawn (the LARGE
// branch's compliance grid, or the welcome card with --empty). Prints, averaged over the runs, the functions
// with the most time of their own (SELF) and the most time with everything they call (TOTAL), Rust names
// shortened (`zhibu::store::start_slice::parse_text`). The profiler slows the start by about a third, so read
// the shares, not the milliseconds; time a change with bench/compare.mjs.
//
// Rust names need a build that keeps them (never deployed):
//   ZHIBU_WASM_NAMES=1 node scripts/build.mjs --release --out /tmp/named-dist
// Without names the wasm functions show as wasm-function[N].
//
// Usage: node bench/profile-start.mjs --dist DIR [--large FILE | --empty] [--runs 3] [--top 30] [--port 4305]
// (FILE defaults to the LARGE backup bench/run writes, /tmp/zhibu-bench/large.json.)
import { coldStart, openProfile, parseArgs, startServer } from "./lib.mjs";

const { opt, flag } = parseArgs();
const dist = opt("dist", "");
if (!dist) throw new Error("--dist DIR is required");
const empty = flag("empty");
const file = empty ? "" : opt("large", "/tmp/zhibu-bench/large.json");
const runs = Math.max(1, Number(opt("runs", "3")));
const top = Number(opt("top", "30"));
const selector = empty ? "#welcome-title" : "table.compliance-grid";

// `_ZN5zhibu5store11start_slice10parse_text17h…E` → `zhibu::store::start_slice::parse_text`; other names as
// they are. Legacy Rust mangling: length-prefixed path segments, then a hash segment.
function demangle(name) {
  const m = /^_ZN((?:\d+[^\d].*?)+)17h[0-9a-f]{16}E/.exec(name);
  if (!m) return name;
  const parts = [];
  let rest = m[1];
  while (rest) {
    const len = /^(\d+)/.exec(rest);
    if (!len) break;
    const n = Number(len[1]);
    parts.push(rest.slice(len[1].length, len[1].length + n));
    rest = rest.slice(len[1].length + n);
  }
  return parts
    .join("::")
    .replace(/\$LT\$/g, "<")
    .replace(/\$GT\$/g, ">")
    .replace(/\$RF\$/g, "&")
    .replace(/\$u20\$/g, " ")
    .replace(/\$u7b\$\$u7b\$closure\$u7d\$\$u7d\$/g, "{closure}")
    .replace(/\$C\$/g, ",")
    .replace(/\.\./g, "::");
}

// Adds one profile's samples (until the profile's end: it is stopped right after the selector appeared) to
// `self` and `total` (ms per function name).
function account(profile, self, total) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
  const label = (id) => {
    const f = nodes.get(id).callFrame;
    return demangle(f.functionName || "(anonymous)") + (f.url ? ` (${f.url.split("/").pop().slice(0, 24)})` : "");
  };
  for (let k = 0; k < profile.samples.length; k++) {
    const ms = (profile.timeDeltas[k + 1] ?? 0) / 1000;
    let id = profile.samples[k];
    const own = label(id);
    self.set(own, (self.get(own) || 0) + ms);
    const seen = new Set();
    for (; id !== undefined; id = parent.get(id)) {
      const name = label(id);
      if (seen.has(name)) continue;
      seen.add(name);
      total.set(name, (total.get(name) || 0) + ms);
    }
  }
}

const { base, stop } = await startServer(dist, Number(opt("port", "4305")));
const { context, close } = await openProfile(base, empty ? "profile-empty" : "profile-large", file);
const self = new Map();
const total = new Map();
const ready = [];
// The profiler, around each cold start: started before the navigation, stopped once 概览 is drawn.
let cdp;
let profile;
const profiler = {
  async start(page) {
    cdp = await context.newCDPSession(page);
    await cdp.send("Profiler.enable");
    await cdp.send("Profiler.setSamplingInterval", { interval: 100 });
    await cdp.send("Profiler.start");
  },
  async stop() {
    ({ profile } = await cdp.send("Profiler.stop"));
  },
};
try {
  await coldStart(context, base, selector, undefined, profiler); // warm-up, discarded
  for (let i = 0; i < runs; i++) {
    ready.push(await coldStart(context, base, selector, undefined, profiler));
    account(profile, self, total);
  }
} finally {
  await close();
  stop();
}
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
console.log(`RESULT profile_start_ready_ms ${mean(ready).toFixed(0)} (${runs} runs, profiled)`);
for (const [title, map] of [["SELF", self], ["TOTAL", total]]) {
  console.log(title);
  for (const [name, ms] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${(ms / runs).toFixed(1).padStart(8)} ms  ${name.slice(0, 150)}`);
  }
}
