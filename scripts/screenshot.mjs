#!/usr/bin/env node
// Saves a full-page PNG of one page of the app, for looking at pages quickly.
//
//   node scripts/screenshot.mjs <path> <width> [out.png] [--base URL] [--height H] [--click TEXT]… [--goto PATH]…
//                               [--viewport]
//
// --viewport saves only the first screen (width × height) instead of the full page.
// Without --base it serves dist/ itself (build first: node scripts/build.mjs --release) on a free port.
// --click TEXT clicks the first button or link with that text, --goto PATH opens another path in the same
// tab (same IndexedDB); both repeatable, run in order before the shot, e.g.
//   node scripts/screenshot.mjs / 390 /tmp/overview.png --click 载入示例支部
//   node scripts/screenshot.mjs '/?demo=1' 390 /tmp/form.png --goto /activities/new --viewport
// Uses Debian's /usr/bin/chromium through Playwright; never downloads a browser.
import { chromium } from "@playwright/test";
import { spawn } from "node:child_process";
import { readFileSync, mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const flags = { steps: [] };
const pos = [];
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === "--base") flags.base = argv[++i];
  else if (a === "--height") flags.height = Number(argv[++i]);
  else if (a === "--click") flags.steps.push(["click", argv[++i]]);
  else if (a === "--goto") flags.steps.push(["goto", argv[++i]]);
  else if (a === "--viewport") flags.viewport = true;
  else if (a === "--help" || a === "-h") flags.help = true;
  else pos.push(a);
}
if (flags.help || pos.length < 2) {
  console.error("usage: node scripts/screenshot.mjs <path> <width> [out.png] [--base URL] [--height H] [--click TEXT] [--goto PATH] [--viewport]");
  process.exit(flags.help ? 0 : 2);
}
const [path, widthArg, outArg] = pos;
const width = Number(widthArg);
const height = flags.height || (width < 600 ? 844 : 800);
const slug = path.replace(/[^\w]+/g, "_").replace(/^_|_$/g, "") || "overview";
const out = outArg || join(here, "..", "tests", "e2e", "artifacts", "shots", `${slug}-${width}.png`);

function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
    s.on("error", rej);
  });
}

async function waitFor(url, ms = 10_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not start: ${url}`);
}

let server;
let base = flags.base;
if (!base) {
  const port = await freePort();
  server = spawn(process.execPath, [join(here, "serve-dist.mjs"), "--dir", join(here, "..", "dist"), "--port", String(port)], {
    stdio: "ignore",
  });
  base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/index.html`);
}

const args = JSON.parse(readFileSync(join(here, "chromium-args.json"), "utf8"));
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args });
let code = 0;
try {
  const page = await browser.newPage({
    viewport: { width, height },
    deviceScaleFactor: width < 600 ? 2 : 1,
    isMobile: width < 600,
    hasTouch: width < 600,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
  });
  page.on("console", (m) => m.type() === "error" && console.error(`console error: ${m.text()}`));
  page.on("pageerror", (e) => console.error(`page error: ${e}`));
  await page.goto(new URL(path, base).toString());
  await page.locator("nav.mainnav").waitFor({ timeout: 15_000 });
  await page.locator("main .loading").waitFor({ state: "detached", timeout: 15_000 }).catch(() => {});
  for (const [kind, arg] of flags.steps) {
    if (kind === "click") {
      await page.getByRole("button", { name: arg }).or(page.getByRole("link", { name: arg })).first().click();
    } else {
      await page.goto(new URL(arg, base).toString());
      await page.locator("nav.mainnav").waitFor({ timeout: 15_000 });
    }
    await page.waitForTimeout(400);
  }
  await page.waitForTimeout(200);
  mkdirSync(dirname(out), { recursive: true });
  await page.screenshot({ path: out, fullPage: !flags.viewport });
  console.log(out);
} catch (err) {
  console.error(String(err));
  code = 1;
} finally {
  await browser.close();
  server?.kill();
}
process.exit(code);
