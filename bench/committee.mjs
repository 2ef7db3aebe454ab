#!/usr/bin/env node
// The committee benchmark: the 汇总 page reading N branch databases of the demo's size (about 400
// documents, 0.55 MB each; examples/committee_fixture.rs) from a couch server behind the proxy's gate, in
// headless Chromium, for N = 20 and 100:
//   first     from 保存列表 (which starts the run) to the first branch's row in the table (time to first table);
//   complete  to 「同步完成」 (every branch read, summarised and drawn);
//   longest   the longest task on the page's main thread during the run (PerformanceObserver "longtask"): how
//             long the page may not answer a click;
//   heap      the JS heap at the end, and the wasm memory (the app's linear memory, which holds the replicas);
// and, as the baseline of the same run in the same browser, the bare transfer: the page fetching every
// database's `_changes?include_docs=true&style=all_docs` in pages of 100 (the same documents, 4 databases at a time, as
// the app reads them) and parsing it, with nothing stored or summarised. RATIO lines: app / baseline.
//
//   node bench/committee.mjs [--dist dist] [--runs 3] [--sizes 20,100]
// Prints RESULT lines (median min max n, ms or MB) and RATIO lines. Generates the fixture with
// `cargo run --release --example committee_fixture` (cached in /tmp/zhibu-bench/).
import { chromium } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createUser, freePort, provisionDatabase, startCouchServer } from "../scripts/couch-server.mjs";
import { ROOT, launchOptions, parseArgs, startServer, stats, wasmMemoryMb } from "./lib.mjs";

const { opt } = parseArgs();
const dist = opt("dist", "dist");
const runs = Math.max(1, Number(opt("runs", "3")));
const sizes = opt("sizes", "20,100").split(",").map(Number);
const log = (m) => console.error(m);
const WORKERS = 4;

function fixture(n) {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());
  const dir = "/tmp/zhibu-bench";
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `committee-${n}-${today}.json`);
  if (!existsSync(file)) {
    execFileSync("cargo", ["run", "--quiet", "--release", "--example", "committee_fixture", "--", "--branches", String(n), "--today", today, "--out", file, "--prefix", "bench_b"], {
      cwd: ROOT,
      stdio: ["ignore", "inherit", "inherit"],
    });
  }
  return JSON.parse(readFileSync(file, "utf8"));
}

/** Puts the branches on the server (each database: the committee may read it; then its documents). */
async function putBranches(url, branches) {
  const queue = [...branches];
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let b = queue.shift(); b; b = queue.shift()) {
        await provisionDatabase(url, b.db, {
          security: { members: { names: [], roles: [`branch_${b.db}`, "committee"] }, admins: { names: [], roles: [] } },
        });
        const r = await fetch(`${url}/${b.db}/_bulk_docs`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ new_edits: false, docs: b.docs }),
        });
        if (!r.ok) throw new Error(`${b.db}: ${r.status} ${await r.text()}`);
      }
    }),
  );
}

/** In the page before its scripts: the times of the run's milestones and the long tasks. */
function instrument() {
  const t = (window.__bench = { start: 0, first: 0, done: 0, longest: 0, blocking: 0 });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (!t.start || t.done) continue;
      t.longest = Math.max(t.longest, e.duration);
      t.blocking += Math.max(0, e.duration - 50);
    }
  }).observe({ type: "longtask", buffered: true });
  document.addEventListener("click", (e) => {
    if (e.target instanceof Element && e.target.closest("#cm-save")) t.start = performance.now();
  }, true);
  const check = () => {
    if (!t.start) return;
    if (!t.first && document.querySelector('table.rollup-table tr[data-state="done"]')) t.first = performance.now();
    const p = document.querySelector(".cm-progress");
    if (!t.done && p && p.textContent.includes("同步完成")) t.done = performance.now();
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true });
}


async function jsHeapMb(context, page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send("HeapProfiler.collectGarbage");
  await cdp.send("Performance.enable");
  const { metrics } = await cdp.send("Performance.getMetrics");
  return (metrics.find((m) => m.name === "JSHeapUsedSize")?.value ?? 0) / 2 ** 20;
}

/** One run of the app: a fresh profile logged in as `user`, the list saved, the run timed. */
async function appRun(browser, base, user, dbs) {
  const context = await browser.newContext({ serviceWorkers: "block", viewport: { width: 1280, height: 900 } });
  try {
    const login = await fetch(`${base}/couchdb/_session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(user),
    });
    const cookie = /AuthSession=([^;]*)/.exec(login.headers.get("set-cookie") || "")?.[1];
    if (!cookie) throw new Error(`login: ${login.status}`);
    await context.addCookies([{ name: "AuthSession", value: cookie, url: `${base}/` }]);
    await context.addInitScript(instrument);
    const page = await context.newPage();
    await page.goto(`${base}/rollup`);
    await page.locator("#cm-list").waitFor({ timeout: 60_000 });
    await page.getByLabel("支部数据库列表").fill(dbs.join("\n"));
    await page.getByRole("button", { name: "保存列表" }).click();
    await page.locator(".cm-progress", { hasText: "同步完成" }).waitFor({ timeout: 1_800_000 });
    const rows = await page.locator('table.rollup-table tbody tr[data-state="done"]').count();
    if (rows !== dbs.length) throw new Error(`${rows} of ${dbs.length} branches read`);
    const t = await page.evaluate(() => window.__bench);
    return {
      first: t.first - t.start,
      complete: t.done - t.start,
      longest: t.longest,
      blocking: t.blocking,
      heap: await jsHeapMb(context, page),
      wasm: await wasmMemoryMb(page),
    };
  } finally {
    await context.close();
  }
}

/** The baseline: the same page fetching and parsing every database's changes with documents, 4 at a time. */
async function bareRun(browser, base, user, dbs) {
  const context = await browser.newContext({ serviceWorkers: "block" });
  try {
    const page = await context.newPage();
    await page.goto(`${base}/index.html`);
    return await page.evaluate(
      async ({ user, dbs, workers }) => {
        await fetch("/couchdb/_session", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(user) });
        const queue = [...dbs];
        let docs = 0;
        const t0 = performance.now();
        await Promise.all(
          Array.from({ length: workers }, async () => {
            for (let db = queue.shift(); db; db = queue.shift()) {
              // In pages of 100, as the app reads (one unlimited _changes of pouchdb-server returned a varying
              // part of the documents).
              for (let since = 0; ; ) {
                const r = await fetch(`/couchdb/${db}/_changes?include_docs=true&style=all_docs&limit=100&since=${since}`);
                const page = await r.json();
                docs += page.results.length;
                since = page.last_seq;
                if (page.results.length < 100) break;
              }
            }
          }),
        );
        return { complete: performance.now() - t0, docs };
      },
      { user, dbs, workers: WORKERS },
    );
  } finally {
    await context.close();
  }
}

async function main() {
  const largest = Math.max(...sizes);
  const fix = fixture(largest);
  const couch = await startCouchServer({ port: await freePort() });
  const server = await startServer(dist, await freePort(), { couch: couch.url });
  const browser = await chromium.launch(await launchOptions());
  const user = { name: "bench-committee", password: "bench-committee-pw" };
  try {
    const t = Date.now();
    await createUser(couch.url, user.name, user.password, ["committee"]);
    await putBranches(couch.url, fix.branches);
    const docs = fix.branches.reduce((n, b) => n + b.docs.length, 0);
    log(`${fix.branches.length} branch databases, ${docs} documents on the server in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    const line = (name, s, digits = 0) =>
      console.log(`RESULT ${name} ${s.median.toFixed(digits)} ${s.min.toFixed(digits)} ${s.max.toFixed(digits)} ${s.n}`);
    for (const n of sizes) {
      const dbs = fix.branches.slice(0, n).map((b) => b.db);
      const app = [];
      const bare = [];
      for (let run = 0; run <= runs; run++) {
        const a = await appRun(browser, server.base, user, dbs);
        const b = await bareRun(browser, server.base, user, dbs);
        log(
          `${n} branches, ${run === 0 ? "warm-up" : `run ${run}/${runs}`}: first table ${a.first.toFixed(0)} ms, ` +
            `complete ${a.complete.toFixed(0)} ms, longest task ${a.longest.toFixed(0)} ms (blocking ${a.blocking.toFixed(0)} ms), ` +
            `JS heap ${a.heap.toFixed(1)} MB, wasm memory ${a.wasm.toFixed(1)} MB; bare transfer ${b.complete.toFixed(0)} ms (${b.docs} docs)`,
        );
        if (run > 0) {
          app.push(a);
          bare.push(b);
        }
      }
      const pick = (xs, k) => stats(xs.map((x) => x[k]));
      line(`committee_${n}_first_table`, pick(app, "first"));
      line(`committee_${n}_complete`, pick(app, "complete"));
      line(`committee_${n}_longest_task`, pick(app, "longest"));
      line(`committee_${n}_blocking`, pick(app, "blocking"));
      line(`committee_${n}_js_heap_mb`, pick(app, "heap"), 1);
      line(`committee_${n}_wasm_mb`, pick(app, "wasm"), 1);
      line(`committee_${n}_bare_transfer`, pick(bare, "complete"));
      console.log(`RATIO committee_${n}_complete_vs_bare ${(pick(app, "complete").median / pick(bare, "complete").median).toFixed(2)}`);
    }
  } finally {
    await browser.close();
    server.stop();
    await couch.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
