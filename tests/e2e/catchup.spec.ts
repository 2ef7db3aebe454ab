// A new secretary's first week, with the browser's clock in April 2026: a roster pasted without 转入日期,
// then last year's meetings entered. No count is silently wrong: the paste asks what the missing dates are;
// a record of last March whose roll is empty because of those dates is not saved without a word (the warning
// names the people, the dates are fixed in place, 应到 comes out right). Catching up 2025: the kind chooser
// counts 2025, 概览 shows 2025's checks and the gap closes, 日程 goes to 2025 in one step.
import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import { test, expect, openApp, waitForApp, shot } from "./helpers";

const TODAY = new Date("2026-04-20T10:00:00+08:00");
const main = (page: Page) => page.locator("main");
test.describe.configure({ timeout: 120_000 });

/** An empty app → 支部信息 saved → the roster tab. */
async function newBranch(page: Page): Promise<void> {
  await page.clock.setFixedTime(TODAY);
  await openApp(page, "/");
  await page.getByRole("link", { name: "从头开始" }).click();
  await page.getByLabel("支部名称").fill("补录测试党支部");
  await page.getByRole("button", { name: "保存支部信息" }).click();
  await expect(page.getByRole("status").filter({ hasText: "已保存" })).toBeVisible();
  await page.getByRole("navigation", { name: "党员页面分区" }).getByRole("link", { name: /^党员名册/ }).click();
}

/** Pastes `lines` and previews them; returns the preview. */
async function pasteAndPreview(page: Page, lines: string[]) {
  await page.getByRole("button", { name: "粘贴名单批量添加" }).click();
  await page.getByLabel("从 Excel 复制后粘贴到这里").fill(lines.join("\n"));
  await page.getByRole("button", { name: "预览" }).click();
  return page.locator(".paste-preview");
}

// 姓名, 类别, 党小组, 入党日期 — no 转入日期 column, as many rosters are kept.
const ROSTER = ["甲一\t正式党员\t\t2001-07-01", "乙二\t正式党员\t\t2005-07-01", "丙三\t预备党员\t\t2025-01-10"];

const tally = (page: Page) => page.getByTestId("tally");

test("a paste without dates, then a record of last March: the warning, the fix, the right 应到", async ({ page }, testInfo) => {
  await newBranch(page);
  const preview = await pasteAndPreview(page, ROSTER);
  await expect(preview.locator(".paste-count")).toHaveText("可添加 3 人，0 行有错误");
  // The preview names the lines without a date and asks; nothing takes today's date.
  await expect(preview.locator(".paste-missing legend")).toHaveText("3人没有转入本支部日期");
  await expect(preview.locator(".paste-missing-who")).toHaveText("第1行 甲一、第2行 乙二、第3行 丙三");
  await expect(preview.locator("tr.paste-row").first()).toContainText("（未填）");
  const add = page.getByRole("button", { name: "添加 3 人" });
  await expect(add).toBeDisabled();
  // One date for all of them: the day the roster was typed in.
  await page.locator("#paste-joined-day").fill("2026-04-01");
  await expect(preview.getByLabel("统一填写为：")).toBeChecked();
  await shot(page, testInfo, "catchup-01-paste-dates");
  await add.click();
  await expect(main(page).locator(".member-paste .alert-ok")).toContainText("已添加 3 人");
  await expect(page.locator("table.members-table tbody tr", { hasText: "甲一" })).toContainText("2026-04-01 转入");

  // Last March's 党员大会: nobody had joined yet by those dates, so 应到 0 — and the form says why.
  await page.goto("/activities/new?kind=general_meeting&date=2025-03-15");
  await waitForApp(page);
  await expect(tally(page)).toContainText("应到0人");
  const warning = page.locator(".roll-warning");
  await expect(warning).toContainText("应到为0人：3人在该日尚未转入本支部（乙二、丙三、甲一）");
  // Saving is held until the warning is confirmed.
  await page.locator("#af-save").click();
  await expect(page.locator(".save-confirm")).toContainText("应到为0人");
  await expect(page).toHaveURL(/\/activities\/new/);
  await shot(page, testInfo, "catchup-02-warning");

  // The fix, in place: their dates are not known (in the branch since before any record).
  await warning.getByRole("button", { name: "修改这3人的转入日期" }).click();
  await page.locator("#roll-fix").getByLabel(/不详/).check();
  await page.getByRole("button", { name: "保存这3人的转入日期" }).click();
  await expect(warning).toContainText("已修改3人的转入日期");
  await expect(tally(page)).toContainText("应到3人（正式2、预备1）");
  await expect(page.locator(".roll-row")).toHaveCount(3);
  await expect(page.locator(".save-confirm")).toHaveCount(0);
  await page.locator("#af-save").click();
  await expect(page).toHaveURL(/\/activities\/a-[^/?]+\?saved=1/);
  await expect(main(page)).toContainText("应到：3人");
  await shot(page, testInfo, "catchup-03-saved");

  // The roster says so too, and a reload keeps it.
  await page.goto("/members?tab=roster");
  await waitForApp(page);
  await expect(page.locator("table.members-table tbody tr", { hasText: "甲一" })).toContainText("转入日期不详");
});

test("a paste left 不详 counts everyone at last year's meetings, without a warning", async ({ page }) => {
  await newBranch(page);
  const preview = await pasteAndPreview(page, ROSTER);
  await preview.getByLabel(/转入日期不详/).check();
  await page.getByRole("button", { name: "添加 3 人" }).click();
  await expect(main(page).locator(".member-paste .alert-ok")).toContainText("已添加 3 人");
  await page.goto("/activities/new?kind=general_meeting&date=2025-03-15");
  await waitForApp(page);
  await expect(tally(page)).toContainText("应到3人");
  await expect(page.locator(".roll-warning")).toHaveCount(0);
  await page.locator("#af-save").click();
  await expect(page).toHaveURL(/\?saved=1/);
});

test("someone who joined later is named before saving, even when 应到 is not 0", async ({ page }) => {
  await newBranch(page);
  const preview = await pasteAndPreview(page, [
    "甲一\t正式党员\t\t2001-07-01\t2015-03-01",
    "乙二\t正式党员\t\t2005-07-01\t2025-09-01",
  ]);
  await expect(preview.locator(".paste-missing")).toHaveCount(0);
  await page.getByRole("button", { name: "添加 2 人" }).click();
  await page.goto("/activities/new?kind=theme_day&date=2025-03-15");
  await waitForApp(page);
  await page.locator("#af-theme").fill("重温入党誓词");
  await expect(tally(page)).toContainText("应到1人");
  await expect(page.locator(".roll-warning")).toContainText("1人在该日尚未转入本支部，不计入应到：乙二。");
  await page.locator("#af-save").click();
  await page.locator("#af-save-anyway").click();
  await expect(page).toHaveURL(/\?saved=1/);
  await expect(main(page)).toContainText("应到：1人");
});

test("catching up 2025 while 2026 is the current year: kind chooser, 概览 and 日程 of 2025", async ({ page }, testInfo) => {
  await newBranch(page);
  const preview = await pasteAndPreview(page, ROSTER.map((l) => `${l}\t2020-01-01`));
  await expect(preview.locator(".paste-missing")).toHaveCount(0);
  await page.getByRole("button", { name: "添加 3 人" }).click();
  await expect(main(page).locator(".member-paste .alert-ok")).toContainText("已添加 3 人");

  // 概览 defaults to this year; the switch shows 2025, where the first quarter's 党员大会 is missing.
  await page.goto("/");
  await waitForApp(page);
  await expect(page.locator("#cd-title")).toHaveText("2026年合规检查");
  await page.locator("#overview-year").selectOption("2025");
  await expect(page).toHaveURL(/\/\?year=2025$/);
  await expect(page.locator("#cd-title")).toHaveText("2025年合规检查");
  const q1 = page.locator('tr[data-rule="general_meeting_quarterly"] td[data-slot="1"]');
  await expect(q1).toHaveAttribute("data-status", "missed");
  await shot(page, testInfo, "catchup-04-overview-2025");

  // The kind chooser counts the year of the date being recorded.
  await page.goto("/activities/new");
  await waitForApp(page);
  const gm = page.locator('a.kind-btn[data-kind="general_meeting"]');
  await expect(gm.locator(".kind-count")).toHaveText("2026年已开展0次");
  await page.locator("#kc-date").fill("2025-03-15");
  await expect(gm.locator(".kind-count")).toHaveText("2025年已开展0次");
  await gm.click();
  await expect(page).toHaveURL(/kind=general_meeting&date=2025-03-15/);
  await expect(page.locator("#af-date")).toHaveValue("2025-03-15");
  await expect(tally(page)).toContainText("应到3人");
  await page.locator("#af-save").click();
  await expect(page).toHaveURL(/\?saved=1/);
  await page.goto("/activities/new?date=2025-06-01");
  await waitForApp(page);
  await expect(page.locator('a.kind-btn[data-kind="general_meeting"] .kind-count')).toHaveText("2025年已开展1次");

  // Last year's gap has closed.
  await page.goto("/?year=2025");
  await waitForApp(page);
  await expect(q1).toHaveAttribute("data-status", "met");

  // 日程: one step to 2025; the calendar file, the share link and the print are of 2025.
  await page.goto("/schedule");
  await waitForApp(page);
  await page.locator("#schedule-year").selectOption("2025");
  await expect(page.locator(".month-list-title")).toContainText("2025年4月的全部安排");
  await expect(page.locator("#print-schedule")).toHaveAttribute("href", "/schedule/print?year=2025");
  const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#export-ics").click()]);
  expect(download.suggestedFilename()).toBe("支部日程-2025.ics");
  const ics = readFileSync(await download.path(), "utf8");
  expect(ics).toMatch(/DTSTART[^:\n]*:20250315/);
  expect(ics).not.toMatch(/DTSTART[^\n]*:2026/);
  await expect(page).toHaveURL(/month=2025-04/);
  await page.getByRole("button", { name: "上个月" }).click();
  await expect(page.locator(".month-list")).toContainText("党员大会");
  await shot(page, testInfo, "catchup-05-schedule-2025");
});

test("a new branch's empty 近期计划 points to where the year plan is made, and the path works", async ({ page }) => {
  await newBranch(page);
  await openApp(page, "/");
  const upcoming = main(page).locator("section.upcoming");
  await expect(upcoming).toContainText("没有待开展的计划");
  await upcoming.getByRole("link", { name: "去制定年度计划" }).click();
  await expect(page).toHaveURL(/\/study\?tab=plan$/);
  await expect(main(page).getByRole("button", { name: /生成/ }).first()).toBeVisible();
});

test("the warning's fix can set one date instead: who joined by then counts, and the roster shows it", async ({ page }) => {
  await newBranch(page);
  const preview = await pasteAndPreview(page, [
    "甲一\t正式党员\t\t2001-07-01\t2015-03-01",
    "乙二\t正式党员\t\t2005-07-01\t2025-09-01",
  ]);
  await page.getByRole("button", { name: "添加 2 人" }).click();
  await page.goto("/activities/new?kind=theme_day&date=2025-03-15");
  await waitForApp(page);
  await page.locator("#af-theme").fill("重温入党誓词");
  const warning = page.locator(".roll-warning");
  await expect(warning).toContainText("乙二");
  await warning.getByRole("button", { name: "修改这1人的转入日期" }).click();
  // One date before the meeting for the one left out.
  await page.locator("#roll-fix-date").fill("2025-01-01");
  await expect(page.locator("#roll-fix").getByLabel(/这一天/)).toBeChecked();
  await page.getByRole("button", { name: "保存这1人的转入日期" }).click();
  await expect(warning).toContainText("已修改1人的转入日期");
  await expect(tally(page)).toContainText("应到2人");
  await expect(page.locator(".save-confirm")).toHaveCount(0);
  await page.locator("#af-save").click();
  await expect(page).toHaveURL(/\?saved=1/);
  await expect(main(page)).toContainText("应到：2人");
  await page.goto("/members?tab=roster");
  await waitForApp(page);
  await expect(page.locator("table.members-table tbody tr", { hasText: "乙二" })).toContainText("2025-01-01 转入");
});
