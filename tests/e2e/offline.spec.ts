// Installable and offline: the web app manifest, the service worker (public/sw.js, whose precache list
// scripts/build.mjs writes after each build), the app working with the network off, and the
// "支部台账有新版本" prompt when a new build is deployed.
//
// The offline and update tests serve their own copy of the build (scripts/serve-dist.mjs on a free port,
// from a temp dir) so they can stop the server or change sw.js without touching the shared test server.
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Page } from "@playwright/test";
import { test, expect, openApp, waitForApp, shot, BOOT_TIMEOUT, PageGuard } from "./helpers";

const DIST = process.env.E2E_DIST || "dist";

test.describe.configure({ timeout: 120_000 });

/** A TCP port nobody listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** A copy of the build in a temp dir, served by scripts/serve-dist.mjs on its own port. */
async function serveCopy(): Promise<{ url: string; dir: string; stop: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), "zhibu-dist-"));
  cpSync(DIST, dir, { recursive: true });
  const port = await freePort();
  const proc = spawn(process.execPath, ["scripts/serve-dist.mjs", "--dir", dir, "--port", String(port)], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("serve-dist.mjs did not start")), 10_000);
    proc.stdout!.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("serving")) {
        clearTimeout(timer);
        resolve();
      }
    });
    proc.once("exit", (code) => reject(new Error(`serve-dist.mjs exited with ${code}`)));
  });
  let stopped = false;
  return {
    url: `http://127.0.0.1:${port}`,
    dir,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise((r) => proc.once("exit", r));
      proc.kill("SIGTERM");
      // The server exits within a second of SIGTERM; should it not, it must not hang the test.
      const killer = setTimeout(() => proc.kill("SIGKILL"), 3000);
      await exited;
      clearTimeout(killer);
    },
  };
}

/** Waits until a service worker controls the page (the first visit: once it has installed and claimed it). */
async function waitForServiceWorker(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const sw = navigator.serviceWorker;
    await sw.ready;
    if (!sw.controller) {
      await new Promise((resolve) => sw.addEventListener("controllerchange", resolve, { once: true }));
    }
  });
}

/** The VERSION constant of the service worker that controls the page. */
async function controllerVersion(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const worker = navigator.serviceWorker.controller;
        if (!worker) return resolve("none");
        const channel = new MessageChannel();
        channel.port1.onmessage = (e) => resolve(String(e.data));
        worker.postMessage({ type: "VERSION" }, [channel.port2]);
      }),
  );
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(body: Buffer): [number, number] {
  expect(body.subarray(1, 4).toString("latin1")).toBe("PNG");
  return [body.readUInt32BE(16), body.readUInt32BE(20)];
}

test("the manifest is served, complete and linked, with its icons", async ({ page }) => {
  await openApp(page, "/");
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute("href", "/manifest.webmanifest");
  const res = await page.request.get("/manifest.webmanifest");
  expect(res.ok()).toBe(true);
  const m = await res.json();
  expect(m.name).toBe("支部台账");
  expect(m.short_name).toBe("支部台账");
  expect(m.lang).toBe("zh-CN");
  expect(m.start_url).toBe("/");
  expect(m.display).toBe("standalone");
  expect(m.theme_color).toBe("#b03a2e");
  expect(m.background_color).toMatch(/^#[0-9a-f]{6}$/);
  const icons: { src: string; sizes: string; type: string; purpose: string }[] = m.icons;
  for (const [size, purpose] of [
    [192, "any"],
    [512, "any"],
    [512, "maskable"],
  ] as const) {
    const icon = icons.find((i) => i.sizes === `${size}x${size}` && i.purpose === purpose);
    expect(icon, `${size} px ${purpose} icon`).toBeTruthy();
    expect(icon!.type).toBe("image/png");
    const img = await page.request.get(icon!.src);
    expect(img.ok(), icon!.src).toBe(true);
    expect(pngSize(await img.body())).toEqual([size, size]);
  }

});

test("Chromium finds the app installable (a normal profile: test contexts are incognito)", async ({
  baseURL,
}, testInfo) => {
  const profile = mkdtempSync(join(tmpdir(), "zhibu-profile-"));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: JSON.parse(readFileSync(join(__dirname, "..", "..", "scripts", "chromium-args.json"), "utf8")),
    baseURL,
    viewport: testInfo.project.use.viewport,
    locale: "zh-CN",
    serviceWorkers: "allow",
  });
  try {
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    const guard = new PageGuard(page);
    await openApp(page, "/");
    await waitForServiceWorker(page);
    const cdp = await ctx.newCDPSession(page);
    const manifest = await cdp.send("Page.getAppManifest");
    expect(manifest.errors).toEqual([]);
    expect(manifest.url).toMatch(/\/manifest\.webmanifest$/);
    await expect
      .poll(async () => (await cdp.send("Page.getInstallabilityErrors")).installabilityErrors, {
        timeout: BOOT_TIMEOUT,
      })
      .toEqual([]);
    guard.assertClean();
  } finally {
    await ctx.close();
    rmSync(profile, { recursive: true, force: true });
  }
});

test("after one visit the app works with the network off: reload and deep links, with its data", async ({
  page,
  context,
}) => {
  const srv = await serveCopy();
  try {
    await openApp(page, `${srv.url}/?demo=1`);
    await expect(page.getByRole("heading", { name: "概览", exact: true })).toBeVisible({ timeout: BOOT_TIMEOUT });
    const branch = (await page.locator(".topbar .branch-name").textContent()) ?? "";
    expect(branch).not.toBe("支部台账");
    await waitForServiceWorker(page);

    // Network off: the browser is offline and the server is gone.
    await srv.stop();
    await context.setOffline(true);

    const reloaded = await page.reload();
    expect(reloaded?.fromServiceWorker()).toBe(true);
    await waitForApp(page);
    await expect(page.getByRole("heading", { name: "概览", exact: true })).toBeVisible();
    await expect(page.locator(".topbar .branch-name")).toHaveText(branch);

    const members = await page.goto(`${srv.url}/members`);
    expect(members?.fromServiceWorker()).toBe(true);
    await waitForApp(page);
    await expect(page.locator("table.members-table tbody tr").first()).toBeVisible();
    expect(await page.locator("table.members-table tbody tr").count()).toBeGreaterThan(10);

    const activities = await page.goto(`${srv.url}/activities`);
    expect(activities?.fromServiceWorker()).toBe(true);
    await waitForApp(page);
    await expect(page.locator("tr.ledger-row").first()).toBeVisible();

    // A client-side route deeper down, and back on the network: nothing breaks.
    await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "统计", exact: true }).click();
    await expect(page).toHaveURL((url) => url.pathname === "/stats");
    await expect(page.locator("main")).not.toContainText("页面不存在");
    await context.setOffline(false);
  } finally {
    await srv.stop();
    rmSync(srv.dir, { recursive: true, force: true });
  }
});

test("a new version is announced; 稍后 hides it, 立即刷新 reloads under the new service worker", async ({
  page,
}, testInfo) => {
  const srv = await serveCopy();
  try {
    await openApp(page, `${srv.url}/`);
    await waitForServiceWorker(page);
    const before = await controllerVersion(page);
    expect(before).toMatch(/^[0-9a-f]{16}$/);
    const banner = page.locator(".app-update");
    await expect(banner).toHaveCount(0);

    // "Deploy" a new build: sw.js changes byte-wise (as scripts/build.mjs makes it do on every build).
    const swFile = join(srv.dir, "sw.js");
    const src = readFileSync(swFile, "utf8");
    const next = `${before}-next`;
    expect(src).toContain(`const VERSION = "${before}";`);
    writeFileSync(swFile, src.replace(`const VERSION = "${before}";`, `const VERSION = "${next}";`));
    await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.getRegistration();
      await reg!.update();
    });

    await expect(banner).toBeVisible({ timeout: BOOT_TIMEOUT });
    await expect(banner).toContainText("支部台账有新版本");
    await expect(banner).toHaveAttribute("role", "status");
    // 稍后: the bar goes away, the old version keeps serving the page.
    await banner.getByRole("button", { name: "稍后" }).click();
    await expect(banner).toHaveCount(0);
    expect(await controllerVersion(page)).toBe(before);

    // The next start announces the waiting version again.
    await page.reload();
    await waitForApp(page);
    await expect(banner).toBeVisible({ timeout: BOOT_TIMEOUT });
    const box = await banner.boundingBox();
    const width = page.viewportSize()!.width;
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(width);
    await shot(page, testInfo, "offline-update-banner");

    // 立即刷新: the waiting worker takes over and the page reloads under it.
    const reloaded = page.waitForEvent("load");
    await banner.getByRole("button", { name: "立即刷新" }).click();
    await reloaded;
    await waitForApp(page);
    await expect.poll(() => controllerVersion(page).catch(() => "reloading")).toBe(next);
    await expect(banner).toHaveCount(0);
  } finally {
    await srv.stop();
    rmSync(srv.dir, { recursive: true, force: true });
  }
});
