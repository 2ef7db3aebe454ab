#!/usr/bin/env node
// The cold-start goal's ratio (LARGE / empty database, as bench/coldstart.mjs measures it) of two builds in ONE
// run, for telling whether a build's ratio moved or the machine did: on this shared 2-core machine the same
// build's ratio (1f72e4f's) ranged from 1.31 to 2.40 in runs of one afternoon (the LARGE start, with two wasm
// modules compiling and IndexedDB working beside the main thread, suffers more from other processes than the
// empty one). Four profiles — A empty, A LARGE, B empty, B LARGE; each build on its own port, so its own origin
// and database — take turns, the order reversed every other round, so that both builds and both profiles meet
// the same machine. Each run is a cold start as in bench/coldstart.mjs.
//
// Prints, per build, the medians, the ratio of the medians and the median of each round's own ratio, then the
// medians of the paired differences B − A:
//   RESULT ratio_<a|b> <empty_ms> <large_ms> <ratio> <median_round_ratio> <rounds_within_1.5>/<rounds>
//   DIFF ratio_b_minus_a <empty_ms> <large_ms>
//
// Usage: node bench/ratio.mjs --a DIR --b DIR [--large FILE] [--runs 15] [--port 4370]
// (FILE defaults to the LARGE backup bench/run writes, /tmp/zhibu-bench/large.json; both builds must read it.)
import { coldStart, openProfile, parseArgs, startServer, stats } from "./lib.mjs";

const { opt } = parseArgs();
const dirs = { a: opt("a", ""), b: opt("b", "") };
if (!dirs.a || !dirs.b) throw new Error("--a DIR and --b DIR are required");
const file = opt("large", "/tmp/zhibu-bench/large.json");
const runs = Math.max(5, Number(opt("runs", "15")));
const port = Number(opt("port", "4370"));
const SELECTOR = { empty: "#welcome-title", large: "table.compliance-grid" };

const servers = { a: await startServer(dirs.a, port), b: await startServer(dirs.b, port + 1) };
const opened = [];
try {
  for (const build of ["a", "b"]) {
    for (const profile of ["empty", "large"]) {
      const base = servers[build].base;
      opened.push({ build, profile, base, ...(await openProfile(base, `${build}-${profile}`, profile === "large" ? file : "")) });
    }
  }
  for (const o of opened) await coldStart(o.context, o.base, SELECTOR[o.profile]); // warm-up, discarded
  const times = {};
  for (let i = 0; i < runs; i++) {
    for (const o of i % 2 ? [...opened].reverse() : opened) {
      (times[o.build + o.profile] ||= []).push(await coldStart(o.context, o.base, SELECTOR[o.profile]));
    }
  }
  for (const build of ["a", "b"]) {
    const empty = stats(times[`${build}empty`]);
    const large = stats(times[`${build}large`]);
    const rounds = times[`${build}large`].map((t, i) => t / times[`${build}empty`][i]);
    const met = rounds.filter((r) => r <= 1.5).length;
    console.log(
      `RESULT ratio_${build} ${empty.median.toFixed(0)} ${large.median.toFixed(0)} ` +
        `${(large.median / empty.median).toFixed(2)} ${stats(rounds).median.toFixed(2)} ${met}/${runs}`,
    );
  }
  const diff = (p) => stats(times[`b${p}`].map((t, i) => t - times[`a${p}`][i])).median.toFixed(1);
  console.log(`DIFF ratio_b_minus_a ${diff("empty")} ${diff("large")}`);
} finally {
  for (const o of opened) await o.close();
  servers.a.stop();
  servers.b.stop();
}
