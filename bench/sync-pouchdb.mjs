#!/usr/bin/env node
// The PouchDB side of the sync benchmark: PouchDB's own replicate() in headless Debian Chromium
// (npm pouchdb's browser build, dist/pouchdb.min.js, with its IndexedDB adapter), against the same kind of
// server and the same documents as the app's sync, so that the app's times can be given as a ratio measured in
// one run:
//   push  the first push of the documents to an empty server database (PouchDB.replicate(local, remote));
//   pull  the first pull of that database into an empty browser database (PouchDB.replicate(remote, local));
//   heap  the page's peak JS heap during the pull (DevTools Performance.getMetrics, sampled every 50 ms).
// The page (bench/sync-pouchdb.html + sync-pouchdb-page.js) is served by a small server of its own, with
// /couchdb/ on the same origin through scripts/couch-proxy.mjs — with its gate by default, as the app's
// requests go in the tests: a cookie session of a `writer` user. Each server database is provisioned as
// production has it (`_security` and `_design/access`, whose validate_doc_update runs for every pushed
// document; --no-access leaves it out). Each run uses a new browser context (a fresh IndexedDB), a new server
// database for the push and a new browser database for the pull; one warm-up run is discarded.
//
// Documents: from a backup file (`--large FILE`, the app's JSON backup {format, data:{branch, groups, members,
// activities, study_items, rules}}: one document per record, `{_id: "<type>:<id>", type, ...record}`, the
// branch as `_id: "branch"`, the rules as one `rules` document when there are any), else synthetic ones of
// LARGE's size (1,200 documents, about 10 MB).
//
//   node bench/sync-pouchdb.mjs [--large FILE] [--runs 5] [--no-gate] [--no-access] [--couch URL]
//     --couch URL   an already running couch server (admin party, e.g. scripts/couch-server.mjs); otherwise
//                   this starts one in memory and stops it at the end
// Prints `RESULT sync_pouchdb_push|sync_pouchdb_pull <median_ms> <min> <max> <runs>` and
// `RESULT sync_pouchdb_pull_heap_mb …`.
//
// As a module, for the app's side of the benchmark in the same run:
//   import { benchPouchSync, docsFromBackup, syntheticDocs } from "./sync-pouchdb.mjs";
//   const docs = docsFromBackup("/tmp/zhibu-bench/large.json");
//   const pouch = await benchPouchSync({ couchUrl, docs, runs: 5, browser });   // { push, pull, heapMb, … }
//   ratio = appPushMedian / pouch.push.median
import { chromium } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createCouchProxy } from "../scripts/couch-proxy.mjs";
import { createUser, freePort, provisionDatabase, startCouchServer } from "../scripts/couch-server.mjs";
import { launchOptions, parseArgs, peakHeap, stats } from "./lib.mjs";

const HERE = fileURLToPath(new URL(".", import.meta.url));
const POUCHDB_JS = createRequire(import.meta.url).resolve("pouchdb/dist/pouchdb.min.js");

const KINDS = [
  ["groups", "group"],
  ["members", "member"],
  ["activities", "activity"],
  ["study_items", "study_item"],
];

/** The documents of a backup file (the app's JSON backup), one per record. */
export function docsFromBackup(file) {
  const backup = JSON.parse(readFileSync(file, "utf8"));
  const data = backup?.data;
  if (!data || typeof data !== "object") throw new Error(`${file}: not a backup (no "data")`);
  const docs = [];
  if (data.branch) docs.push({ _id: "branch", type: "branch", ...data.branch });
  for (const [key, type] of KINDS) {
    for (const record of data[key] || []) docs.push({ _id: `${type}:${record.id}`, type, ...record });
  }
  if (Array.isArray(data.rules) && data.rules.length) docs.push({ _id: "rules", type: "rules", rules: data.rules });
  return docs;
}

/**
 * Synthetic documents of LARGE's shape: 4 groups, 80 members, and activities with a roll of every member,
 * about `bytes` in all (`count` documents). Deterministic.
 */
export function syntheticDocs({ count = 1200, bytes = 10_000_000 } = {}) {
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
  const date = (y) => `${y}-${String(1 + Math.floor(rnd() * 12)).padStart(2, "0")}-${String(1 + Math.floor(rnd() * 28)).padStart(2, "0")}`;
  const docs = [{ _id: "branch", type: "branch", name: "第一党支部", parent_org: "机关党委", committee: [] }];
  const groups = Array.from({ length: 4 }, (_, i) => ({ _id: `group:g-${i + 1}`, type: "group", id: `g-${i + 1}`, name: `第${i + 1}党小组`, leader: null, note: "" }));
  const surnames = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗";
  const members = Array.from({ length: 80 }, (_, i) => ({
    _id: `member:m-${i + 1}`,
    type: "member",
    id: `m-${i + 1}`,
    name: `${pick(surnames)}${pick("明华强芳军敏静丽伟磊")}${pick("一二三四五六七八九十")}`,
    kind: rnd() < 0.9 ? "full" : "probationary",
    group: `g-${1 + (i % 4)}`,
    party_joined: date(1980 + Math.floor(rnd() * 40)),
    joined_branch: date(2000 + Math.floor(rnd() * 20)),
    left_branch: null,
    mobile: rnd() < 0.1,
    excused: [],
    phone: "",
    note: "",
  }));
  docs.push(...groups, ...members);
  const left = count - docs.length;
  const perActivity = Math.max(200, Math.floor((bytes - JSON.stringify(docs).length) / Math.max(1, left)));
  for (let i = 0; docs.length < count; i++) {
    const roll = members.map((m) => ({ member: m.id, status: rnd() < 0.9 ? "present" : pick(["leave", "absent", "remote"]), note: "" }));
    const doc = {
      _id: `activity:a-${i + 1}`,
      type: "activity",
      id: `a-${i + 1}`,
      kind: pick(["general_meeting", "committee_meeting", "group_meeting", "party_lecture", "theme_day"]),
      date: date(2015 + (i % 10)),
      title: `第${i + 1}次活动`,
      topics: [],
      roll,
      make_ups: [],
      minutes: "",
    };
    const room = perActivity - JSON.stringify(doc).length;
    if (room > 0) doc.minutes = "会议记录。".repeat(Math.ceil(room / 15)).slice(0, Math.floor(room / 3));
    docs.push(doc);
  }
  return docs;
}

/**
 * Runs the PouchDB benchmark against the couch server at `couchUrl` (admin party: for provisioning, and the
 * target of this page's /couchdb/). Options: docs (required), runs (≥ 1, default 5; plus one warm-up), gate
 * (default true: cookie session of a writer through the proxy's gate), access (default true: `_design/access`
 * in each database), browser (a Playwright Browser to reuse; otherwise Debian's Chromium is launched and closed),
 * log (a function for progress lines; default console.error).
 * Returns { docs, bytes, push, pull, heapMb } with push/pull/heapMb as { median, min, max, n, all }.
 */
export async function benchPouchSync({ couchUrl, docs, runs = 5, gate = true, access = true, browser, log = console.error } = {}) {
  if (!couchUrl) throw new Error("benchPouchSync: couchUrl is required");
  if (!Array.isArray(docs) || !docs.length) throw new Error("benchPouchSync: docs is required");
  const body = JSON.stringify(docs);
  const tag = randomBytes(3).toString("hex");
  const user = { name: `bench-${tag}`, password: randomBytes(8).toString("hex") };
  await createUser(couchUrl, user.name, user.password, ["writer"]);

  const files = {
    "/": [join(HERE, "sync-pouchdb.html"), "text/html; charset=utf-8"],
    "/pouchdb.min.js": [POUCHDB_JS, "text/javascript; charset=utf-8"],
    "/sync-pouchdb-page.js": [join(HERE, "sync-pouchdb-page.js"), "text/javascript; charset=utf-8"],
  };
  const proxy = createCouchProxy({ target: couchUrl, gate });
  const server = createServer((req, res) => {
    if (proxy(req, res)) return;
    const path = new URL(req.url, "http://x").pathname;
    if (path === "/docs.json") {
      res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
      return res.end(body);
    }
    const file = files[path];
    if (!file) {
      res.writeHead(404);
      return res.end();
    }
    res.writeHead(200, { "content-type": file[1], "cache-control": "no-store" });
    res.end(readFileSync(file[0]));
  });
  const port = await freePort();
  await new Promise((r) => server.listen(port, "127.0.0.1", r));
  const base = `http://127.0.0.1:${port}`;
  const ownBrowser = !browser;
  const b = browser ?? (await chromium.launch(await launchOptions()));
  const results = { push: [], pull: [], heapMb: [] };
  try {
    for (let run = 0; run <= runs; run++) {
      const warmUp = run === 0;
      const db = `bench-pouch-${tag}-${run}`;
      await provisionDatabase(couchUrl, db, { access });
      const context = await b.newContext();
      try {
        const page = await context.newPage();
        await page.goto(`${base}/`);
        await page.waitForFunction(() => window.zhibuBench && window.PouchDB);
        if (gate) await page.evaluate(({ name, password }) => window.zhibuBench.login(name, password), user);
        const n = await page.evaluate(() => window.zhibuBench.loadDocs());
        if (n !== docs.length) throw new Error(`the page loaded ${n} documents, not ${docs.length}`);

        const pushed = await page.evaluate(([local, remote]) => window.zhibuBench.push(local, remote), [`push-${run}`, db]);
        const expected = docs.length + (access ? 1 : 0);
        const onServer = await (await fetch(`${couchUrl}/${db}`)).json();
        if (pushed.result.doc_write_failures || onServer.doc_count !== expected) {
          throw new Error(`push run ${run}: ${onServer.doc_count} of ${expected} documents on the server; ${JSON.stringify(pushed.result)}`);
        }

        // Peak JS heap during the pull, sampled through the DevTools protocol.
        const { result: pulled, peakMb } = await peakHeap(context, page, () =>
          page.evaluate(([local, remote]) => window.zhibuBench.pull(local, remote), [`pull-${run}`, db]),
        );
        const peak = peakMb * 2 ** 20;
        if (pulled.doc_count !== expected) {
          throw new Error(`pull run ${run}: ${pulled.doc_count} of ${expected} documents in the browser; ${JSON.stringify(pulled.result)}`);
        }
        log(
          `${warmUp ? "warm-up" : `run ${run}/${runs}`}: push ${pushed.ms.toFixed(0)} ms, pull ${pulled.ms.toFixed(0)} ms ` +
            `(${pulled.adapter}), peak JS heap during the pull ${(peak / 2 ** 20).toFixed(1)} MB`,
        );
        if (!warmUp) {
          results.push.push(pushed.ms);
          results.pull.push(pulled.ms);
          results.heapMb.push(peak / 2 ** 20);
        }
      } finally {
        await context.close();
        await fetch(`${couchUrl}/${db}`, { method: "DELETE" }).catch(() => {});
      }
    }
  } finally {
    if (ownBrowser) await b.close();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
  const withAll = (xs) => ({ ...stats(xs), all: xs.map((x) => Math.round(x * 10) / 10) });
  return {
    docs: docs.length,
    bytes: Buffer.byteLength(body),
    push: withAll(results.push),
    pull: withAll(results.pull),
    heapMb: withAll(results.heapMb),
  };
}

async function main() {
  const { opt, flag } = parseArgs();
  const runs = Math.max(1, Number(opt("runs", "5")));
  const large = opt("large", "");
  const docs = large ? docsFromBackup(large) : syntheticDocs();
  let couchUrl = opt("couch", "");
  let couch = null;
  if (!couchUrl) {
    couch = await startCouchServer({ port: await freePort() });
    couchUrl = couch.url;
  }
  try {
    const bytes = Buffer.byteLength(JSON.stringify(docs));
    console.error(
      `PouchDB ${large ? `documents of ${large}` : "synthetic documents"}: ${docs.length} documents, ` +
        `${(bytes / 1e6).toFixed(1)} MB; ${runs} runs + 1 warm-up; server ${couchUrl}${flag("no-gate") ? "" : " through the gate"}`,
    );
    const r = await benchPouchSync({ couchUrl, docs, runs, gate: !flag("no-gate"), access: !flag("no-access") });
    const line = (name, s, digits = 0) =>
      console.log(`RESULT ${name} ${s.median.toFixed(digits)} ${s.min.toFixed(digits)} ${s.max.toFixed(digits)} ${s.n}`);
    line("sync_pouchdb_push", r.push);
    line("sync_pouchdb_pull", r.pull);
    line("sync_pouchdb_pull_heap_mb", r.heapMb, 1);
  } finally {
    await couch?.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}

