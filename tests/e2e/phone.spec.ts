// Every page fits the screen: with the demo branch, each page of the navigation, each tab of 党员 and
// 学习计划, and each 统计 tab, at the project's width (the phone project: 390 px). The page itself must never
// scroll sideways; wide tables and charts scroll inside their own boxes.
import type { Page } from "@playwright/test";
import { test, expect, openApp, waitForApp, NAV } from "./helpers";

test.describe.configure({ timeout: 180_000 });

const STATS_TABS = ["check", "summary", "members", "export"];
const MORE = ["/members?tab=branch", "/members?tab=groups", "/members?tab=roster", "/study?tab=plan", "/rules", "/rollup"];

/** How many CSS pixels the page is wider than the window (0 when it fits). */
const overflow = (page: Page) =>
  page.evaluate(() => {
    const doc = document.documentElement;
    return Math.max(doc.scrollWidth, document.body.scrollWidth) - doc.clientWidth;
  });

test("no page of the navigation and no 统计 tab is wider than the screen (demo data)", async ({ page }) => {
  await openApp(page, "/?demo=1");
  await expect(page.locator("main .stat").first()).toBeVisible({ timeout: 20_000 });
  const year = new Date().getFullYear();
  const paths = [
    ...NAV.map(([, path]) => path),
    ...STATS_TABS.map((t) => `/stats?tab=${t}&year=${year}`),
    ...MORE,
  ];
  const wide: string[] = [];
  for (const path of paths) {
    await page.goto(path);
    await waitForApp(page);
    await expect(page.locator("main h1").first()).toBeVisible();
    // Charts and tables are drawn by then; give late layout one frame.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
    const px = await overflow(page);
    if (px > 0) wide.push(`${path}: ${px} px wider than the screen`);
  }
  expect(wide, "pages wider than the screen").toEqual([]);
});
