// The staged start of 概览 (src/ui/state.rs, domain::overview): after data is stored, a reload draws 概览
// from a slice (this year's activities plus a stored summary of the older ones) and reads the rest right
// after. The page drawn first must be exactly the page drawn from all the data, and the other pages must
// show all the data (older years included), never a partial view.
import { test, expect, openApp, waitForApp } from "./helpers";

/** Installed before the app's scripts: notes 概览's text and stage when the dashboard first appears. */
function watchFirstDraw() {
  const w = window as unknown as { __first?: { stage: string | null; text: string } };
  w.__first = undefined;
  const check = () => {
    if (w.__first) return;
    const page = document.querySelector("main .overview-page");
    if (page && page.querySelector("table.compliance-grid") && page.querySelector(".alerts-list, .alerts-none")) {
      w.__first = { stage: page.getAttribute("data-stage"), text: (page as HTMLElement).innerText };
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true, attributes: true });
}

const overviewText = (page: import("@playwright/test").Page) =>
  page.locator("main .overview-page").evaluate((el) => (el as HTMLElement).innerText);

test("概览 after a reload is drawn first from the slice, identical to the full data, then every page has all of it", async ({
  page,
}) => {
  test.setTimeout(120_000);
  // The demo branch: three years of records (the two earlier years are outside the slice).
  await openApp(page, "/?demo=1");
  await expect(page.locator("main table.compliance-grid")).toBeVisible({ timeout: 60_000 });
  await expect(page.locator("main .overview-page")).toHaveAttribute("data-stage", "all");
  const full = await overviewText(page);
  const year = new Date().getFullYear();

  await page.addInitScript(watchFirstDraw);
  for (let round = 0; round < 2; round++) {
    await page.reload();
    await expect(page.locator("main table.compliance-grid")).toBeVisible({ timeout: 30_000 });
    await page.waitForFunction(() => (window as unknown as { __first?: unknown }).__first !== undefined);
    const first = await page.evaluate(() => (window as unknown as { __first: { stage: string; text: string } }).__first);
    expect(first.stage, "the first draw comes from the slice").toBe("first");
    expect(first.text, "the first draw equals the page from all the data").toBe(full);
    await expect(page.locator("main .overview-page")).toHaveAttribute("data-stage", "all");
    expect(await overviewText(page)).toBe(full);
  }

  // 活动记录 lists every year, older ones included.
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "活动记录", exact: true }).click();
  const years = page.locator("#lf-year option");
  await expect(years.filter({ hasText: `${year - 2}年` })).toHaveCount(1);
  await page.locator("#lf-year").selectOption(String(year - 2));
  await expect(page.locator("main")).toContainText(`${year - 2}`);

  // 党员: the whole roster.
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "党员", exact: true }).click();
  await expect(page.locator("main .members-page")).toBeVisible();

  // Opening another page directly: it waits for all the data, then shows every year.
  await page.goto(`/activities?year=${year - 2}`);
  await waitForApp(page);
  await expect(page.locator("#lf-year option").filter({ hasText: `${year - 2}年` })).toHaveCount(1);
  await expect(page.locator("#lf-year")).toHaveValue(String(year - 2));
});
