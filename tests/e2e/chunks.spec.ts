// Everything but the shell and an empty database's 概览 lives in wasm chunks fetched on first use
// (src/ui/routes.rs): the pages, 概览 with data, the reading of the records at the start. A first visit must
// fetch no chunk to draw the welcome page. A chunk that cannot be fetched (offline before the service worker
// kept a copy, or a tab left on an old version after a deploy) must give a Chinese message and a way to try
// again, never stop the app.
import type { Page } from "@playwright/test";
import { test, expect, openApp, waitForApp, shot, navTo } from "./helpers";

// The chunk loader reports the failed fetch on the console; that is expected here.
test.use({ allowConsoleErrors: [/wasm|chunk|split|fetch|Failed to load|ERR_FAILED|net::/i], serviceWorkers: "block" });

// The chunks are served in packs (scripts/build-wasm.mjs step 5).
const CHUNK = /\/pack-[^/]*\.bin$/;

/** The paths `page` requests from now on that match `pattern`, in order (a live list; empty it to restart). */
function requested(page: Page, pattern: RegExp): string[] {
  const paths: string[] = [];
  page.on("request", (r) => {
    const path = new URL(r.url()).pathname;
    if (pattern.test(path)) paths.push(path);
  });
  return paths;
}

/** A pack's path without its content hash: "/pack-start-1a2b….bin" -> "/pack-start". */
const unhashed = (path: string) => path.replace(/-[0-9a-f]+\.bin$/, "");

test("a page whose chunk cannot be fetched says so, the app keeps working, and 重新载入 brings the page", async ({
  page,
}, testInfo) => {
  await openApp(page, "/");
  let refused = 0;
  await page.route(CHUNK, (route) => {
    refused++;
    return route.abort("failed");
  });
  await page.locator("nav.mainnav a", { hasText: "党员" }).click();
  const failed = page.locator("main .chunk-failed");
  await expect(failed).toBeVisible();
  await expect(failed).toHaveAttribute("role", "alert");
  await expect(failed).toContainText("这部分程序未能载入");
  await expect(failed).toContainText("本机数据不受影响");
  expect(refused).toBeGreaterThan(0);
  await shot(page, testInfo, "chunks-01-failed");

  // The app itself still runs: 概览 (in the main module) works.
  await page.locator("nav.mainnav a", { hasText: "概览" }).click();
  await expect(page.locator("main .overview-page")).toBeVisible();

  // With the network back, 重新载入 loads the page.
  await page.locator("nav.mainnav a", { hasText: "党员" }).click();
  await expect(failed).toBeVisible();
  await page.unroute(CHUNK);
  await failed.getByRole("button", { name: "重新载入" }).click();
  await waitForApp(page);
  await expect(page.locator("main .chunk-failed")).toHaveCount(0);
  await expect(page.locator("main h1, main h2").first()).toBeVisible();
  await expect(page).toHaveURL(/\/members$/);
  await expect(page.locator("main")).toContainText("党员名册");
});

test("a first visit (nothing stored) draws the welcome page from the main module alone", async ({ page }) => {
  const fetched = requested(page, /\.(wasm|bin)$/);
  await openApp(page, "/");
  await expect(page.locator("#welcome-title")).toBeVisible();
  // Once: the page's preload of it (below) is the response the glue gets.
  expect(fetched, "only the main module, no pack of chunks").toHaveLength(1);
  expect(fetched[0]).toMatch(/\/zhibu-[0-9a-f]+_bg\.wasm$/);
  // The page asks for the glue, the chunk loader and the main module at once (scripts/build.mjs writes the preload tags).
  const preloads = await page.evaluate(() =>
    [...document.querySelectorAll("link[rel=preload], link[rel=modulepreload]")].map(
      (l) => `${l.getAttribute("rel")} ${new URL((l as HTMLLinkElement).href).pathname}`,
    ),
  );
  expect(preloads).toEqual([
    expect.stringMatching(/^modulepreload \/zhibu-[0-9a-f]+\.js$/),
    expect.stringMatching(/^modulepreload \/__wasm_split-[0-9a-f]+\.js$/),
    `preload ${fetched[0]}`,
  ]);
});

test("with data, a start whose chunk cannot be fetched says so instead of 概览, and 重新载入 recovers", async ({
  page,
}, testInfo) => {
  await openApp(page, "/?demo=1");
  await expect(page.locator("main table.compliance-grid")).toBeVisible({ timeout: 60_000 });
  await page.route(CHUNK, (route) => route.abort("failed"));
  await page.goto("/");
  const banner = page.locator("main .error-banner");
  await expect(banner).toBeVisible({ timeout: 20_000 });
  await expect(banner).toHaveAttribute("role", "alert");
  await expect(banner).toContainText("无法打开本地数据");
  await expect(banner).toContainText("这部分程序未能载入");
  await shot(page, testInfo, "chunks-02-start-failed");
  await page.unroute(CHUNK);
  await banner.getByRole("button", { name: "重新载入" }).click();
  await expect(page.locator("main table.compliance-grid")).toBeVisible({ timeout: 30_000 });
  await expect(page.locator("main .error-banner")).toHaveCount(0);
});

// localStorage `zhibu-has-data` (src/ui/state.rs) lets the loader fetch 概览's packs before the database is open.
// It is only a hint: a wrong one must never change what is shown.
const hint = (page: Page) => page.evaluate(() => localStorage.getItem("zhibu-has-data"));

test("the has-data hint follows the data: set by the demo, removed by 清空, and a stale one still shows the welcome", async ({
  page,
}) => {
  await openApp(page, "/");
  expect(await hint(page), "a new browser has no hint").toBeNull();
  await page.getByRole("button", { name: "载入示例支部" }).click();
  await expect(page.locator("main table.compliance-grid")).toBeVisible({ timeout: 60_000 });
  expect(await hint(page)).toBe("1");

  // With the hint, a reload fetches the start's pack once (boot.js preloads it, the loader's fetch gets that
  // response): all of 概览's chunks in one file (scripts/build-wasm.mjs step 5), and draws 概览 from them.
  const packs = requested(page, CHUNK);
  const preloadWarnings: string[] = [];
  page.on("console", (m) => {
    if (/preload/i.test(m.text())) preloadWarnings.push(m.text());
  });
  await page.reload();
  await expect(page.locator("main table.compliance-grid")).toBeVisible({ timeout: 30_000 });
  const startPacks = await page.evaluate(() =>
    (document.getElementById("zhibu-boot")!.dataset.startPacks || "").split(" ").filter(Boolean),
  );
  expect(startPacks, "one file: the start's chunks").toEqual([expect.stringMatching(/^\/pack-start-[0-9a-f]+\.bin$/)]);
  expect(packs, "only the start's pack, once").toEqual(startPacks);
  expect(preloadWarnings, "no preload left unused").toEqual([]);

  // 清空 removes it; the next start fetches no pack for the welcome page.
  await page.locator("nav.mainnav a", { hasText: "数据" }).click();
  const branch = (await page.locator(".topbar .branch-name").textContent()) || "";
  await page.getByRole("button", { name: "清空本地数据" }).click();
  const dialog = page.getByRole("alertdialog");
  await dialog.getByLabel(/请输入/).fill(branch);
  await dialog.getByRole("button", { name: "清空" }).click();
  await expect(page.locator("main .alert-ok", { hasText: "已清空" })).toBeVisible();
  expect(await hint(page)).toBeNull();
  packs.length = 0;
  await page.goto("/");
  await expect(page.locator("#welcome-title")).toBeVisible({ timeout: 20_000 });
  expect(packs, "no pack for an empty database").toHaveLength(0);

  // A stale hint (the database emptied behind the app's back): the start reads, finds nothing, shows the
  // welcome page and drops the hint.
  await page.evaluate(() => localStorage.setItem("zhibu-has-data", "1"));
  await page.reload();
  await expect(page.locator("#welcome-title")).toBeVisible({ timeout: 20_000 });
  await expect(page.locator("main .overview-page")).toHaveAttribute("data-stage", "all");
  expect(await hint(page)).toBeNull();
});

// A page opened before any data loads some of 概览's chunks on their own (from its packs); the start must then
// load the rest from the pages' packs too (never a chunk twice), and after a reload it takes the start's pack.
test("概览's chunks load alone after another page took some of them, and from the start's pack on the next start", async ({
  page,
}) => {
  const packs = requested(page, CHUNK);
  await openApp(page, "/members");
  await expect(page.locator("main")).toContainText("党员名册", { timeout: 20_000 });
  await page.locator("nav.mainnav a", { hasText: "概览" }).click();
  await page.getByRole("button", { name: "载入示例支部" }).click();
  await expect(page.locator("main table.compliance-grid")).toBeVisible({ timeout: 60_000 });
  expect(packs.map(unhashed), "the packs of the pages, not the start's pack").not.toContain("/pack-start");
  expect(packs.map(unhashed)).toContain("/pack-overview_chunk");

  packs.length = 0;
  await page.reload();
  await expect(page.locator("main table.compliance-grid")).toBeVisible({ timeout: 30_000 });
  expect(packs.map(unhashed), "the start with data: its pack alone").toEqual(["/pack-start"]);
  // Every page still opens after a start from its pack (their chunks load beside it).
  for (const [link, text] of [
    ["活动记录", "活动记录"],
    ["党员", "党员名册"],
    ["统计", "合规检查"],
  ]) {
    await navTo(page, link);
    await expect(page.locator("main")).toContainText(text, { timeout: 20_000 });
    await expect(page.locator("main .error-banner")).toHaveCount(0);
  }
});
