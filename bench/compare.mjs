#!/usr/bin/env node
// Paired comparison of two builds' cold start, for deciding whether a change makes the start faster: on this
// (shared, 2-core) machine the medians of two separate `bench/coldstart.mjs` runs of the SAME build differ by
// up to 10%, more than most single changes. Here both builds are served at once (two ports, so two origins with
// their own databases, in one browser profile) and their runs alternate, A B B A A B …, so that whatever slows
// the machine down slows both alike. Each run is a cold start as in bench/coldstart.mjs (HTTP cache disabled,
// until the 概览 grid — or, with --empty, the welcome card — is in the page, then a settle pause).
//
// With --mbps N (and --rtt MS, default 40) every run goes over a network of N megabits per second (DevTools'
// throttling, see bench/lib.mjs): the local server makes bytes free, a real network does not.
//
// Prints each build's median and the median of the paired differences (B − A) with how many pairs B won:
//   RESULT compare_a <median_ms> <min_ms> <max_ms> <runs>
//   RESULT compare_b <median_ms> <min_ms> <max_ms> <runs>
//   DIFF compare_b_minus_a <median_ms> <b_faster_pairs>/<pairs>
//
// Usage: node bench/compare.mjs --a DIR --b DIR [--large FILE | --empty] [--pairs 15] [--mbps 10 [--rtt 40]]
// (FILE defaults to the LARGE backup bench/run writes, /tmp/zhibu-bench/large.json.)
import { coldStart, openProfile, parseArgs, seed, startServer, stats } from "./lib.mjs";

const { opt, flag } = parseArgs();
const dirs = { a: opt("a", ""), b: opt("b", "") };
if (!dirs.a || !dirs.b) throw new Error("--a DIR and --b DIR are required");
const empty = flag("empty");
// The LARGE backup bench/run writes (or make one: cargo run --release --example large_backup large FILE).
const file = opt("large", "/tmp/zhibu-bench/large.json");
const pairs = Math.max(5, Number(opt("pairs", "15")));
const port = Number(opt("port", "4360"));
const selector = empty ? "#welcome-title" : "table.compliance-grid";
const network = opt("mbps", "") ? { mbps: Number(opt("mbps", "")), rtt: Number(opt("rtt", "40")) } : undefined;

const servers = { a: await startServer(dirs.a, port), b: await startServer(dirs.b, port + 1) };
const { context, close } = await openProfile(servers.a.base, "compare", "");
try {
  if (!empty) for (const k of ["a", "b"]) await seed(context, servers[k].base, file);
  await coldStart(context, servers.a.base, selector, network); // warm-up, discarded
  await coldStart(context, servers.b.base, selector, network);
  const times = { a: [], b: [] };
  for (let i = 0; i < pairs; i++) {
    for (const k of i % 2 ? ["b", "a"] : ["a", "b"]) times[k].push(await coldStart(context, servers[k].base, selector, network));
  }
  for (const k of ["a", "b"]) {
    const s = stats(times[k]);
    console.log(`RESULT compare_${k} ${s.median.toFixed(0)} ${s.min.toFixed(0)} ${s.max.toFixed(0)} ${s.n}`);
  }
  const diffs = times.b.map((b, i) => b - times.a[i]);
  const won = diffs.filter((d) => d < 0).length;
  console.log(`DIFF compare_b_minus_a ${stats(diffs).median.toFixed(1)} ${won}/${pairs}`);
} finally {
  await close();
  servers.a.stop();
  servers.b.stop();
}
