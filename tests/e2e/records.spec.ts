// The record book: recording a 党员大会 quickly, checking the saved record after a reload, recording
// 补学, printing; and the form refusing bad input in Chinese without saving anything.
import { test, expect, openApp, navTo, shot, waitForApp, installSlowWrites, slowWrites, writesSettled } from "./helpers";
import type { Locator, Page } from "@playwright/test";

/** Loads the demo branch into the empty database of this test's browser context. */
async function loadDemo(page: Page): Promise<void> {
  await openApp(page, "/?demo=1");
  await expect(page.locator(".topbar .branch-name")).toContainText("党支部", { timeout: 15_000 });
}

/** Counts what the user does: every click and every field typed into. */
class Effort {
  clicks = 0;
  fields = 0;
  async click(target: Locator): Promise<void> {
    await target.click();
    this.clicks += 1;
  }
  async fill(target: Locator, text: string): Promise<void> {
    await target.fill(text);
    this.fields += 1;
  }
  get total(): number {
    return this.clicks + this.fields;
  }
}

/** "共N条" from the ledger's summary line. */
async function ledgerCount(page: Page): Promise<number> {
  await page.goto("/activities?year=all");
  await waitForApp(page);
  const text = (await page.locator(".ledger-summary").textContent()) ?? "";
  const m = text.match(/共(\d+)条/);
  expect(m, `ledger summary: ${text}`).not.toBeNull();
  return Number(m![1]);
}

// Long journeys over a three-year demo branch: allow three times the default time.
test.describe.configure({ timeout: 90_000 });

test("record a 党员大会 with two on leave and one absent, reload, record 补学, print", async ({ page }, testInfo) => {
  await loadDemo(page);
  await page.goto("/");
  await waitForApp(page);

  // ---- the journey a secretary makes, counted ----
  const e = new Effort();
  await e.click(page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "活动记录", exact: true }));
  await e.click(page.locator("#ledger-new"));
  await e.click(page.locator('a.kind-btn[data-kind="general_meeting"]'));
  await expect(page.locator("h1")).toContainText("记一次活动：党员大会");

  const rows = page.locator(".roll-row:not([data-status='列席'])");
  await expect(rows.first()).toBeVisible();
  const names: string[] = [];
  for (const i of [1, 2, 3]) names.push(((await rows.nth(i).locator(".roll-name").textContent()) ?? "").trim());
  const [leave1, leave2, absent] = names;
  const tallyBefore = (await page.getByTestId("tally").textContent()) ?? "";
  const m = tallyBefore.match(/应到(\d+)人（正式(\d+)、预备(\d+)）/);
  expect(m, tallyBefore).not.toBeNull();
  const [expected, full, prob] = [Number(m![1]), Number(m![2]), Number(m![3])];

  await e.fill(page.locator("#af-theme"), "2026年第四季度党员大会（测试）");
  await e.fill(page.locator("#af-content"), "书记传达上级会议精神；讨论通过支部下一阶段工作安排。");
  await e.click(rows.nth(1).getByRole("button", { name: "请假", exact: true }));
  await e.fill(rows.nth(1).locator("input.roll-reason"), "出差");
  await e.click(rows.nth(2).getByRole("button", { name: "请假", exact: true }));
  await e.fill(rows.nth(2).locator("input.roll-reason"), "病假");
  await e.click(rows.nth(3).getByRole("button", { name: "缺席", exact: true }));
  await expect(page.getByTestId("tally")).toContainText(`实到${expected - 3}人`);
  await expect(page.getByTestId("quorum")).toContainText("可以进行表决");
  await shot(page, testInfo, "records-01-form-filled");
  await e.click(page.locator("#af-save"));
  await expect(page).toHaveURL(/\/activities\/a-[0-9a-z_-]+\?saved=1$/);
  console.log(
    `[${testInfo.project.name}] 记录一次党员大会（${expected}人应到，2人请假含原因，1人缺席）：` +
      `${e.clicks}次点击 + ${e.fields}处输入 = ${e.total}`,
  );
  expect(e.total).toBeLessThanOrEqual(15);
  const recordPath = new URL(page.url()).pathname;

  // ---- after a reload the record is what was entered ----
  await page.reload();
  await waitForApp(page);
  const sheet = page.locator(".record-sheet");
  await expect(sheet.locator(".record-title")).toContainText("党员大会 记录");
  await expect(sheet.locator(".record-title")).toContainText(/本年第\d+次/);
  await expect(sheet.locator(".rec-attendance")).toContainText(
    `应到：${expected}人（正式${full}、预备${prob}）　实到：${expected - 3}人`,
  );
  await expect(sheet.locator(".rec-leave")).toContainText(`${leave1}（出差）`);
  await expect(sheet.locator(".rec-leave")).toContainText(`${leave2}（病假）`);
  await expect(sheet.locator(".rec-absent")).toHaveText(absent);
  await expect(sheet.locator(".rec-quorum")).toContainText("超过半数");
  await expect(sheet.locator(".rec-quorum")).toContainText("可以进行表决");
  await expect(sheet.locator(".rec-host")).not.toBeEmpty();
  await expect(sheet.locator(".rec-recorder")).not.toBeEmpty();
  await expect(sheet.locator(".rec-makeup")).toContainText(`尚未补学：${leave1}、${leave2}、${absent}`);

  // ---- 补学 for the first one on leave ----
  const item = page.locator(`.makeup-item[data-member="${leave1}"]`);
  await item.getByRole("button", { name: "记录补学" }).click();
  await item.getByRole("button", { name: "传达" }).click();
  await item.getByLabel("说明（可不填）").fill("由支部书记传达会议精神");
  await item.getByRole("button", { name: "保存补学" }).click();
  await expect(item.locator(".badge-ok")).toContainText("已补学");
  await expect(sheet.locator(".rec-makeup")).toContainText(`${leave1}—`);
  await expect(sheet.locator(".rec-makeup")).toContainText("传达（由支部书记传达会议精神）");
  await expect(sheet.locator(".rec-makeup")).toContainText(`尚未补学：${leave2}、${absent}`);
  await shot(page, testInfo, "records-02-view");

  // ---- the print view names the right people ----
  await page.locator("#rv-print").click();
  await expect(page).toHaveURL(/\/print\/a-/);
  const printed = page.locator(".print-book .record-sheet");
  await expect(printed.locator(".rec-leave")).toContainText(`${leave1}（出差）、${leave2}（病假）`);
  await expect(printed.locator(".rec-absent")).toHaveText(absent);
  await expect(printed.locator(".rec-makeup")).toContainText(`${leave1}—`);
  await expect(printed.locator(".record-signatures")).toContainText("主持人签字");
  await page.emulateMedia({ media: "print" });
  await expect(page.locator(".mainnav")).toBeHidden();
  await expect(page.locator(".print-toolbar")).toBeHidden();
  await shot(page, testInfo, "records-03-print");
  await page.emulateMedia({ media: "screen" });

  // ---- editing shows the marks made; a new date rebuilds the roll and keeps them ----
  await page.goto(recordPath);
  await waitForApp(page);
  await page.locator("#rv-edit").click();
  await expect(page).toHaveURL(/\/edit$/);
  const row = (name: string) => page.locator(".roll-row").filter({ has: page.locator(".roll-name", { hasText: new RegExp(`^${name}$`) }) });
  await expect(row(leave2).getByRole("button", { name: "请假", exact: true })).toHaveAttribute("aria-pressed", "true");
  await expect(row(leave2).locator("input.roll-reason")).toHaveValue("病假");
  await expect(row(absent).getByRole("button", { name: "缺席", exact: true })).toHaveAttribute("aria-pressed", "true");
  const yesterday = await page.evaluate(() => {
    const d = new Date(Date.now() - 86_400_000);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
  });
  await page.locator("#af-date").fill(yesterday);
  await expect(page.locator("#af-date")).toHaveValue(yesterday);
  await expect(row(leave2).locator("input.roll-reason")).toHaveValue("病假");
  await expect(row(absent).getByRole("button", { name: "缺席", exact: true })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("tally")).toContainText(`实到${expected - 3}人`);
  await page.locator(".page-header").getByRole("link", { name: "取消" }).click();
  await expect(page).toHaveURL(new RegExp(`${recordPath}$`));

  // ---- the 待补学 list no longer lists the one who made up ----
  await page.goto("/activities?view=owed");
  await waitForApp(page);
  const owed = page.locator(".owed-list");
  await expect(owed.locator(`.owed-item[data-member="${leave2}"]`).first()).toBeVisible();
  const stillOwed = await owed.locator(".owed-item").filter({ hasText: "（测试）" }).count();
  expect(stillOwed).toBe(2);
});

test("the ledger filters by kind and keyword, and the year book prints with a contents page", async ({ page }, testInfo) => {
  await loadDemo(page);
  await navTo(page, "活动记录");
  await page.locator("#lf-kind").selectOption("committee_meeting");
  const kinds = page.locator(".ledger-table .ledger-kind");
  await expect(kinds.first()).toBeVisible();
  for (const k of await kinds.allTextContents()) expect(k).toBe("支委会");
  await expect(page).toHaveURL(/kind=committee_meeting/);
  await page.locator("#lf-q").fill("没有这个词的记录xyz");
  await expect(page.locator(".ledger-table")).toHaveCount(0);
  await expect(page.locator("main")).toContainText("没有符合条件的活动记录");
  await page.locator("#lf-q").fill("");
  await expect(kinds.first()).toBeVisible();

  const year = new Date().getFullYear();
  await page.goto(`/print/year/${year}`);
  await waitForApp(page);
  await expect(page.locator(".cover-title")).toHaveText("三会一课记录本");
  await expect(page.locator(".contents-table tbody tr").first()).toBeVisible();
  const records = await page.locator(".book-record").count();
  expect(records).toBeGreaterThan(0);
  await expect(page.locator(".contents-table tbody tr")).toHaveCount(records);
  // Page numbers are measured after layout: the first record follows the cover and the contents.
  await expect(page.locator(".book-page-no").first()).toHaveText(/^\d+$/);
  expect(Number(await page.locator(".book-page-no").first().textContent())).toBeGreaterThanOrEqual(3);
  await shot(page, testInfo, "records-04-book");
});

test("a 党小组会 lists its group; others can be added as 列席 and taken off again", async ({ page }) => {
  await loadDemo(page);
  await page.goto("/activities/new?kind=group_meeting");
  await waitForApp(page);
  await expect(page.locator(".roll-empty")).toBeVisible();
  const group = await page.locator("#af-group option").nth(1).getAttribute("value");
  await page.locator("#af-group").selectOption(group!);
  const rows = page.locator(".roll-row");
  await expect(rows.first()).toBeVisible();
  await expect(page.locator("#af-host")).not.toHaveValue("");
  const before = await rows.count();
  const tally = page.getByTestId("tally");
  const expectedText = ((await tally.textContent()) ?? "").match(/应到\d+人/)![0];
  const option = page.locator("#roll-add option").nth(1);
  const label = ((await option.textContent()) ?? "").trim();
  const name = label.replace(/（.*$/, "");
  await page.locator("#roll-add").selectOption((await option.getAttribute("value"))!);
  await expect(rows).toHaveCount(before + 1);
  const added = rows.filter({ has: page.locator(".roll-name", { hasText: new RegExp(`^${name}$`) }) });
  await expect(added.locator(".roll-observer")).toContainText("列席");
  await expect(tally).toContainText(expectedText); // 列席 is never counted in 应到
  await added.getByRole("button", { name: "移出" }).click();
  await expect(rows).toHaveCount(before);
});

test("bad input is refused in Chinese next to the field and nothing is saved", async ({ page }, testInfo) => {
  await loadDemo(page);
  const before = await ledgerCount(page);

  // 党小组会 without a group, and an end before the start.
  await page.goto("/activities/new?kind=group_meeting");
  await waitForApp(page);
  await page.locator("#af-group").selectOption("");
  await page.locator("#af-start").fill("10:00");
  await page.locator("#af-end").fill("09:00");
  await page.locator("#af-save").click();
  await expect(page.locator('.field-error[data-field="group"]')).toHaveText("党小组会须选择党小组");
  await expect(page.locator('.field-error[data-field="end"]')).toHaveText("结束时间应晚于开始时间");
  await expect(page.locator(".save-summary")).toContainText("未保存任何内容");
  await expect(page).toHaveURL(/\/activities\/new/);
  await shot(page, testInfo, "records-05-errors");

  // A host who was not in the branch that day: the secretary, on a day before anyone joined.
  await page.goto("/activities/new?kind=general_meeting");
  await waitForApp(page);
  await expect(page.locator("#af-host")).not.toHaveValue("");
  await page.locator("#af-date").fill("1990-01-01");
  await page.locator("#af-save").click();
  await expect(page.locator('.field-error[data-field="host"]')).toHaveText("该人员当天不在本支部（请检查转入、转出日期）");
  await expect(page).toHaveURL(/\/activities\/new/);

  // A 主题党日 needs its theme.
  await page.goto("/activities/new?kind=theme_day");
  await waitForApp(page);
  await page.locator("#af-save").click();
  await expect(page.locator('.field-error[data-field="theme"]')).toHaveText("请填写主题");

  expect(await ledgerCount(page)).toBe(before);

  // Markup in a theme is shown as text, never run.
  const hostile = '<script>window.__pwned=1</script><b id="bold">粗体</b><img src=x onerror="window.__pwned=2">';
  await page.goto("/activities/new?kind=theme_day");
  await waitForApp(page);
  await page.locator("#af-theme").fill(hostile);
  await page.locator("#af-save").click();
  await expect(page).toHaveURL(/\?saved=1$/);
  await expect(page.locator(".record-sheet .rec-theme")).toHaveText(hostile);
  await expect(page.locator(".record-sheet #bold")).toHaveCount(0);
  await expect(page.locator(".record-sheet img")).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(await ledgerCount(page)).toBe(before + 1);
  await page.goto("/activities?year=all&q=" + encodeURIComponent("粗体"));
  await waitForApp(page);
  await expect(page.locator(".ledger-theme").first()).toHaveText(hostile);
});

test("leaving the form while it saves: the record is kept and the app stays where the user went", async ({ page }) => {
  await installSlowWrites(page);
  await loadDemo(page);
  const before = await ledgerCount(page);
  await page.goto("/activities/new?kind=party_lecture");
  await waitForApp(page);
  await page.locator("#af-theme").fill("离开表单时仍在保存的党课（测试）");
  await page.locator("#af-content").fill("讲授新修订的党纪处分条例。");
  await slowWrites(page, 800);
  await page.locator("#af-save").click();
  await navTo(page, "概览");
  await writesSettled(page);
  // Not pulled back to the record page by the save that finished after the user left.
  await expect(page).toHaveURL((url) => url.pathname === "/");
  await expect(page.locator(".overview-page")).toBeVisible();
  await slowWrites(page, 0);
  expect(await ledgerCount(page)).toBe(before + 1);
  await expect(page.locator("main")).toContainText("离开表单时仍在保存的党课（测试）");
});
