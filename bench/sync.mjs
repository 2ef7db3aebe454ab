#!/usr/bin/env node
// The sync benchmark, in one run so that its figures are ratios:
//   push  the app's first push of LARGE to an empty server database, from a device holding LARGE (imported
//         through 数据): the first run's own time (the page's data-took-ms) less the revisions it made of the
//         imported data first (data-prepare-ms, reported on its own: PouchDB's side writes its documents into its
//         local database untimed before it replicates);
//   pull  the app's first pull of that database into an empty browser: the first run's time (every record
//         stored and shown);
//   heap  the page's peak JS heap during the pull (DevTools Performance.getMetrics every 50 ms), and the wasm
//         memory at the end (the app's linear memory, which the JS heap does not count);
//   live  one edit on one device (the branch renamed through its form) until the other device shows it, both in
//         live mode;
// against PouchDB's own replicate() of the same documents to and from the same kind of server in the same
// Chromium (bench/sync-pouchdb.mjs). Goal: app / PouchDB ≤ 1.5× for push and pull; live within 2 s.
//
//   node bench/sync.mjs --large FILE [--dist dist] [--runs 5] [--trace] [--app-only]
//     --trace     the app logs where each run's time goes (src/sync/trace.rs); printed as `TRACE <device> {…}`
//     --app-only  the app's side only (no PouchDB runs, no ratios)
// Prints RESULT lines: sync_app_push, sync_app_pull, sync_app_pull_heap_mb, sync_app_wasm_mb, sync_live,
// sync_pouchdb_push, sync_pouchdb_pull, sync_pouchdb_pull_heap_mb (median min max n), and the two ratios.
import { chromium } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { createUser, freePort, provisionDatabase, startCouchServer } from "../scripts/couch-server.mjs";
import { launchOptions, parseArgs, peakHeap, seed, startServer, stats, wasmMemoryMb } from "./lib.mjs";
import { benchPouchSync, docsFromBackup } from "./sync-pouchdb.mjs";

const { opt } = parseArgs();
const large = opt("large", "");
if (!large) {
  console.error("usage: node bench/sync.mjs --large FILE [--dist dist] [--runs 5]");
  process.exit(2);
}
const dist = opt("dist", "dist");
const runs = Math.max(1, Number(opt("runs", "5")));
const tracing = process.argv.includes("--trace");
const appOnly = process.argv.includes("--app-only");
const log = (m) => console.error(m);

/**
 * Logs in on 数据 → 同步 and waits for the first run's 已同步. Returns { total, run, prepare }: milliseconds from the
 * click to 已同步 (login and all), of the run itself, and of making the revisions of the imported data at its
 * start (what PouchDB's side does untimed, writing its documents locally before it replicates).
 */
async function enable(page, base, db, user) {
  await page.goto(`${base}/data/sync`);
  await page.getByLabel("服务器数据库地址").fill(`/couchdb/${db}`);
  await page.getByLabel("用户名").fill(user.name);
  await page.getByLabel("密码").fill(user.password);
  const t0 = Date.now();
  await page.getByRole("button", { name: "登录并开启同步" }).click();
  // Every 15 s, where the page stands (a run that never ends shows here, not as a silent wait).
  const watch = setInterval(async () => {
    const seen = await page
      .evaluate(() => ({
        mark: document.querySelector(".topbar .sync-mark")?.textContent,
        status: document.querySelector(".sync-status")?.textContent?.slice(0, 160),
      }))
      .catch((e) => ({ error: String(e) }));
    log(`    ${Math.round((Date.now() - t0) / 1000)} s: ${JSON.stringify(seen)}`);
  }, 15_000);
  let handle;
  try {
    handle = await page.waitForFunction(
      () => {
        const mark = document.querySelector(".topbar .sync-mark");
        const last = document.querySelector(".sync-last");
        if (mark?.textContent !== "已同步" || !last?.dataset.tookMs) return null;
        return { run: Number(last.dataset.tookMs), prepare: Number(last.dataset.prepareMs || 0) };
      },
      null,
      { timeout: 600_000, polling: 20 },
    );
  } finally {
    clearInterval(watch);
  }
  const { run, prepare } = await handle.jsonValue();
  return { total: Date.now() - t0, run, prepare };
}


async function main() {
  const couch = await startCouchServer({ port: await freePort() });
  const server = await startServer(dist, await freePort(), { couch: couch.url });
  const browser = await chromium.launch(await launchOptions());
  const tag = randomBytes(3).toString("hex");
  const user = { name: `bench-app-${tag}`, password: randomBytes(8).toString("hex") };
  await createUser(couch.url, user.name, user.password, ["writer"]);
  const prepare = [];
  const push = [];
  const pull = [];
  const heap = [];
  const wasm = [];
  const live = [];
  try {
    for (let run = 0; run <= runs; run++) {
      const warmUp = run === 0;
      const db = `bench-app-${tag}-${run}`;
      await provisionDatabase(couch.url, db, { access: true });
      const a = await browser.newContext({ serviceWorkers: "block" });
      const b = await browser.newContext({ serviceWorkers: "block" });
      if (tracing) {
        for (const [name, context] of [["a", a], ["b", b]]) {
          await context.addInitScript(() => localStorage.setItem("zhibu-sync-trace", "1"));
          context.on("console", (m) => {
            const text = m.text();
            if (text.startsWith("zhibu-sync-trace ")) console.log(`TRACE ${db} ${name} ${text.slice(17)}`);
          });
        }
      }
      try {
        await seed(a, server.base, large);
        const pa = await a.newPage();
        log(`  ${db}: pushing`);
        const pushed = await enable(pa, server.base, db, user);
        const pushMs = pushed.run - pushed.prepare;
        // Device a stops (its page closed) before b pulls, so that a's own follow-up run (it reads back the
        // changes it just pushed) does not share the machine and the server with b's pull.
        await pa.close();
        const pb = await b.newPage();
        log(`  ${db}: pushed in ${pushed.run} ms; pulling`);
        const { result: pulled, peakMb } = await peakHeap(b, pb, () => enable(pb, server.base, db, user));
        const pullMs = pulled.run;
        const wasmMb = await wasmMemoryMb(pb);
        // Live: rename the branch on a (opened again: its sync starts with the page); time until b's top bar
        // shows the new name.
        log(`  ${db}: pulled in ${pulled.run} ms; live edit`);
        const name = `实时同步测试党支部${run}`;
        const pa2 = await a.newPage();
        await pa2.goto(`${server.base}/members?tab=branch`);
        await pa2.locator(".topbar .sync-mark", { hasText: "已同步" }).waitFor({ timeout: 120_000 });
        await pa2.getByLabel("支部名称").fill(name);
        await pb.goto(`${server.base}/`);
        await pb.locator(".topbar .sync-mark", { hasText: "已同步" }).waitFor({ timeout: 60_000 });
        const t0 = Date.now();
        await pa2.getByRole("button", { name: "保存支部信息" }).click();
        await pb.locator(".topbar .branch-name", { hasText: name }).waitFor({ timeout: 60_000 });
        const liveMs = Date.now() - t0;
        log(
          `${warmUp ? "warm-up" : `run ${run}/${runs}`}: push ${pushMs} ms (+ ${pushed.prepare} ms making the revisions; ` +
            `${pushed.total} ms from the click), pull ${pullMs} ms (${pulled.total} ms from the click), ` +
            `peak JS heap ${peakMb.toFixed(1)} MB, wasm memory ${wasmMb.toFixed(1)} MB, live ${liveMs} ms`,
        );
        if (!warmUp) {
          prepare.push(pushed.prepare);
          push.push(pushMs);
          pull.push(pullMs);
          heap.push(peakMb);
          wasm.push(wasmMb);
          live.push(liveMs);
        }
      } finally {
        await a.close();
        await b.close();
        await fetch(`${couch.url}/${db}`, { method: "DELETE" }).catch(() => {});
      }
    }
    if (appOnly) {
      for (const [name, s] of [["sync_app_push", stats(push)], ["sync_app_pull", stats(pull)], ["sync_live", stats(live)]])
        console.log(`RESULT ${name} ${s.median.toFixed(0)} ${s.min.toFixed(0)} ${s.max.toFixed(0)} ${s.n}`);
      return;
    }
    const docs = docsFromBackup(large);
    log(`PouchDB: ${docs.length} documents`);
    const pouch = await benchPouchSync({ couchUrl: couch.url, docs, runs, browser, log });
    const line = (name, s, digits = 0) =>
      console.log(`RESULT ${name} ${s.median.toFixed(digits)} ${s.min.toFixed(digits)} ${s.max.toFixed(digits)} ${s.n}`);
    line("sync_app_push", stats(push));
    line("sync_app_push_prepare", stats(prepare));
    line("sync_app_pull", stats(pull));
    line("sync_app_pull_heap_mb", stats(heap), 1);
    line("sync_app_wasm_mb", stats(wasm), 1);
    line("sync_live", stats(live));
    line("sync_pouchdb_push", pouch.push);
    line("sync_pouchdb_pull", pouch.pull);
    line("sync_pouchdb_pull_heap_mb", pouch.heapMb, 1);
    console.log(`RATIO sync_push ${(stats(push).median / pouch.push.median).toFixed(2)}`);
    console.log(`RATIO sync_pull ${(stats(pull).median / pouch.pull.median).toFixed(2)}`);
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
