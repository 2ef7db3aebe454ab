// Shared pieces of the browser benchmarks (bench/coldstart.mjs, bench/initial.mjs): option parsing, the static
// server for a built dist (scripts/serve-dist.mjs), Chromium's launch options (Debian's Chromium with the
// arguments of scripts/chromium-args.json), a persistent profile seeded by importing a backup file through the
// app's 数据 page (the user's own path), and a page that fetches everything from the server (no HTTP cache).
import { chromium } from "@playwright/test";
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

// `--name value` options and `--name` flags of the command line.
export function parseArgs(argv = process.argv.slice(2)) {
  return {
    opt(name, def) {
      const i = argv.indexOf(`--${name}`);
      return i >= 0 && argv[i + 1] ? argv[i + 1] : def;
    },
    flag: (name) => argv.includes(`--${name}`),
  };
}

// Options for chromium.launch / launchPersistentContext: headless Debian Chromium (or $CHROMIUM) with the
// arguments the e2e tests use.
export async function launchOptions() {
  return {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: JSON.parse(await readFile(join(ROOT, "scripts/chromium-args.json"), "utf8")),
    headless: true,
  };
}

// Starts scripts/serve-dist.mjs on `dist` and waits until it answers. Returns { base, stop }; the server is also
// stopped when this process exits. `couch` (a couch server's URL, e.g. from scripts/couch-server.mjs's
// startCouchServer) mounts /couchdb/ with the proxy's gate, as for bench/sync-pouchdb.mjs's page.
export async function startServer(dist, port, { couch } = {}) {
  const base = `http://127.0.0.1:${port}`;
  const couchArgs = couch ? ["--couch", couch, "--couch-gate"] : [];
  const server = spawn(process.execPath, [join(ROOT, "scripts/serve-dist.mjs"), "--dir", dist, "--port", String(port), ...couchArgs], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  const stop = () => server.kill();
  process.on("exit", stop);
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${base}/index.html`)).ok) return { base, stop };
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  stop();
  throw new Error(`server on ${base} did not start`);
}

// Imports a backup file into the profile of `context` through the 数据 page, replacing its data.
export async function seed(context, base, file) {
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

// A persistent Chromium profile in a new temporary user-data-dir, seeded with the backup `file` if one is given
// (logging how long that took, under the name `label`). Returns { context, close }; close() also deletes the
// directory.
export async function openProfile(base, label, file) {
  const dir = await mkdtemp(join(tmpdir(), `zhibu-bench-${label}-`));
  const context = await chromium.launchPersistentContext(dir, {
    ...(await launchOptions()),
    viewport: { width: 1280, height: 900 },
    // No service worker: it would serve the files from its own cache (past the disabled HTTP cache) in profiles
    // where it is installed, and after a profile's first visit it precaches every chunk (~400 files) while the
    // next runs are measured. Blocked, every run fetches and compiles the same files from the server.
    serviceWorkers: "block",
  });
  const close = async () => {
    await context.close();
    await rm(dir, { recursive: true, force: true });
  };
  if (file) {
    try {
      const t = Date.now();
      await seed(context, base, file);
      console.log(`seeded the ${label} profile through the 数据 page in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    } catch (e) {
      await close();
      throw e;
    }
  }
  return { context, close };
}

// A new page of `context` with the HTTP cache disabled (through the DevTools protocol), so that everything it
// loads is fetched from the server as on a first visit. `network` ({ mbps, rtt }, optional): a slower network
// (DevTools' Network.emulateNetworkConditions: that many megabits per second each way, `rtt` ms added to
// each request), for what bytes cost, which the local server hides.
export async function uncachedPage(context, network) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  if (network) {
    const bytesPerSecond = (network.mbps * 1e6) / 8;
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: network.rtt,
      downloadThroughput: bytesPerSecond,
      uploadThroughput: bytesPerSecond,
    });
  }
  return page;
}

// Median, min, max and count of `xs`.
export function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  const median = n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  return { median, min: s[0], max: s[n - 1], n };
}

// An init script (page.addInitScript(watch, selector)): runs in the page before any of its scripts and notes
// in window.__benchReady the performance.now() — milliseconds since navigation start — at which `selector`
// first appears.
export function watch(selector) {
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

// The pause after each cold start. Without it the end of the run before (its page closing, and with data its
// second stage) still shares the 2 cores with the next run, and more so the more data it held: measured on the
// same build, the medians fell from 182 / 306 ms (empty / LARGE, no pause) to 142 / 255 ms with 1.5 s.
export const SETTLE_MS = 1500;

// One cold start of `base` in `context`: a new page with the HTTP cache disabled (over `network` if given, see
// `uncachedPage`), timed from navigation until `selector` is in the page (see `watch`). Then it lets the start
// finish (概览's data-stage="all": with data, the second stage reads everything), closes the page and pauses
// SETTLE_MS before the next run. Returns the ms. `probe` (optional, e.g. bench/profile-start.mjs's profiler):
// `probe.start(page)` runs just before the navigation, `probe.stop(page)` as soon as `selector` is there.
export async function coldStart(context, base, selector, network, probe) {
  const page = await uncachedPage(context, network);
  await page.addInitScript(watch, selector);
  if (probe) await probe.start(page);
  await page.goto(`${base}/`);
  await page.waitForFunction(() => window.__benchReady !== undefined, null, { timeout: 120_000, polling: 50 });
  const ms = await page.evaluate(() => window.__benchReady);
  if (probe) await probe.stop(page);
  await page.locator(".overview-page[data-stage=all]").waitFor({ state: "attached", timeout: 120_000 });
  await page.close();
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  return ms;
}

// The peak JS heap of `page` (DevTools Performance.getMetrics, sampled every 50 ms) while `work()` runs.
// Returns { result, peakMb }.
export async function peakHeap(context, page, work) {
  const cdp = await context.newCDPSession(page);
  await cdp.send("Performance.enable");
  let peak = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const { metrics } = await cdp.send("Performance.getMetrics");
      peak = Math.max(peak, metrics.find((m) => m.name === "JSHeapUsedSize")?.value ?? 0);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  try {
    const result = await work();
    return { result, peakMb: peak / 2 ** 20 };
  } finally {
    sampling = false;
    await sampler;
  }
}

/**
 * The app's wasm linear memory, MB: the glue's initSync() hands back the running instance's exports (it returns
 * them as they are once the app started). (Runtime.queryObjects on WebAssembly.Memory hung after a LARGE pull;
 * Runtime.getHeapUsage's backing stores leave the wasm memory out.)
 */
export async function wasmMemoryMb(page) {
  const bytes = await page.evaluate(async () => {
    const link = [...document.querySelectorAll("link[href]")].find((l) => /\/zhibu-[0-9a-f]+\.js$/.test(l.href));
    if (!link) return 0;
    const glue = await import(link.href);
    return glue.initSync().memory.buffer.byteLength;
  });
  return bytes / 2 ** 20;
}
