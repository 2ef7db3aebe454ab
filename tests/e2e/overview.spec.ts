// 概览's static parts (the compliance grid, the alerts, the branch card and the two activity lists) are drawn
// as HTML strings (src/html.rs, `inner_html`): whatever the user typed must come out as text, never as markup,
// and their plain links must still navigate inside the app.
import { test, expect, openApp, waitForApp } from "./helpers";

const MARKUP = `<img src="x" onerror="window.__xss = 1">&amp; '"`;
const GROUP = "<b>新</b>小组 & 第二组";

test("names with markup characters show as typed on 概览, and its plain links navigate", async ({ page }) => {
  test.setTimeout(120_000);
  await openApp(page, "/?demo=1");
  await expect(page.locator("main table.compliance-grid")).toBeVisible({ timeout: 60_000 });

  await page.goto("/members?tab=branch");
  await waitForApp(page);
  await page.getByLabel("支部名称").fill(MARKUP);
  await page.getByRole("button", { name: "保存支部信息" }).click();
  await expect(page.getByRole("status").filter({ hasText: "已保存" })).toBeVisible();
  await page.goto("/members?tab=groups");
  await waitForApp(page);
  await page.getByRole("button", { name: "添加党小组" }).click();
  await page.getByLabel("党小组名称").fill(GROUP);
  await page.getByRole("button", { name: "保存", exact: true }).click();
  await expect(page.locator("main .alert-ok")).toContainText("已添加党小组");
  // With a member, the group owes its 党小组会 this month: an alert naming it.
  await page.goto("/members");
  await waitForApp(page);
  await page.getByRole("button", { name: "添加人员" }).click();
  const form = page.locator("form.member-form");
  await form.getByLabel("姓名").fill("新组员");
  await form.getByLabel("党小组").selectOption({ label: GROUP });
  await form.getByLabel("入党日期").fill("2010-05-04");
  await form.getByLabel("转入本支部日期").fill("2010-05-04");
  await form.getByRole("button", { name: "保存" }).click();
  await expect(page.locator("main .alert-ok")).toContainText("已添加新组员");

  for (const reload of [false, true]) {
    if (reload) await page.reload();
    else await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "概览", exact: true }).click();
    const main = page.locator("main");
    await expect(main.locator("table.compliance-grid")).toBeVisible({ timeout: 30_000 });
    await expect(main.locator("#summary-title")).toHaveText(MARKUP);
    // The new group's row in the grid, and its alert (no 党小组会 held yet), name the group as typed.
    const row = main.locator("table.compliance-grid tbody tr").filter({ hasText: GROUP });
    await expect(row).toHaveCount(1);
    const more = main.locator(".alerts-more");
    if (await more.count()) await more.click();
    await expect(main.locator(".alerts-list")).toContainText(GROUP);
    // Nothing of it became an element.
    expect(await main.locator("img, .compliance-grid b, .alerts-list b").count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  }

  // The plain links, followed by the router without loading the page again: a grid cell (a held meeting's
  // record), the branch card's 党员名册, a list's 全部记录.
  const main = page.locator("main");
  await page.evaluate(() => ((window as unknown as { __samePage: boolean }).__samePage = true));
  await main.locator("table.compliance-grid td[data-status=met] a").first().click();
  await expect(page).toHaveURL(/\/activities\/[^/]+$/);
  await expect(main.locator("h1")).toBeVisible();
  await page.goBack();
  await main.locator(".summary").getByRole("link", { name: "党员名册" }).click();
  await expect(page).toHaveURL(/\/members$/);
  await page.goBack();
  await main.locator(".recent").getByRole("link", { name: "全部记录" }).click();
  await expect(page).toHaveURL(/\/activities$/);
  expect(await page.evaluate(() => (window as unknown as { __samePage?: boolean }).__samePage)).toBe(true);
});
