// The whole journey of a new secretary, in one long test per project (desktop 1280 px, phone 390 px):
// empty app → 支部信息 → 党小组 → members by hand and by 粘贴名单 → 支委 → study plan → 生成年度计划 →
// two meetings recorded from the plan's 记录 button (a 党员大会 with one 请假 and one 缺席, a 支委会) →
// 概览 grid and alerts → 统计 年度总结 JSON (counts checked) → 数据 导出备份 → 清空本地数据 → 导入 →
// a second export is identical to the first (but for exported_at), and the pages show the same again.
// A screenshot of every page visited goes to tests/e2e/artifacts/<project>/journey-NN-*.png.
//
// The browser's clock is fixed at 2026-04-20 10:00 (Beijing time, a Monday): the first quarter is over,
// so the dashboard's state is known exactly, whatever the day the suite runs.
import { readFileSync } from "node:fs";
import type { Download, Page, TestInfo } from "@playwright/test";
import { test, expect, openApp, waitForApp, navTo, shot, NAV } from "./helpers";

test.describe.configure({ timeout: 300_000 });

const TODAY = new Date("2026-04-20T10:00:00+08:00");
const YEAR = 2026;
const BRANCH = "测试局第一党支部";
const PARENT = "测试局机关党委";

const main = (page: Page) => page.locator("main");
const nav = (page: Page) => page.getByRole("navigation", { name: "主导航" });

let shotNo = 0;
/** A numbered screenshot of the page as it is now. */
async function snap(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  shotNo += 1;
  await shot(page, testInfo, `journey-${String(shotNo).padStart(2, "0")}-${name}`);
}

/** The nav entry marked as the current page, by its label. */
async function expectCurrentNav(page: Page, label: string): Promise<void> {
  await expect(nav(page).locator('a[aria-current="page"]')).toHaveText([label]);
}

async function memberTab(page: Page, label: "支部信息" | "党小组" | "党员名册") {
  await page.getByRole("navigation", { name: "党员页面分区" }).getByRole("link", { name: new RegExp(`^${label}`) }).click();
}

async function addGroup(page: Page, name: string) {
  await page.getByRole("button", { name: "添加党小组" }).click();
  await page.getByLabel("党小组名称").fill(name);
  await page.getByRole("button", { name: "保存", exact: true }).click();
  await expect(main(page).locator(".alert-ok")).toContainText(`已添加党小组“${name}”`);
}

async function addMember(page: Page, m: { name: string; group: string; joined: string; branchJoined: string }) {
  await page.getByRole("button", { name: "添加人员" }).click();
  const form = page.locator("form.member-form");
  await form.getByLabel("姓名").fill(m.name);
  await form.getByLabel("党小组").selectOption({ label: m.group });
  await form.getByLabel("入党日期").fill(m.joined);
  await form.getByLabel("转入本支部日期").fill(m.branchJoined);
  await form.getByRole("button", { name: "保存" }).click();
  await expect(main(page).locator(".alert-ok")).toContainText(`已添加${m.name}`);
  await expect(form).toHaveCount(0);
}

/** Saves a download and parses it as JSON. */
async function jsonOf(download: Download, testInfo: TestInfo, name: string): Promise<{ file: string; json: any }> {
  const file = testInfo.outputPath(name);
  await download.saveAs(file);
  return { file, json: JSON.parse(readFileSync(file, "utf8")) };
}

async function exportBackup(page: Page, testInfo: TestInfo, name: string) {
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    main(page).getByRole("button", { name: "导出备份", exact: true }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^支部台账备份-.+\.json$/);
  return jsonOf(download, testInfo, name);
}

/**
 * Opens the record form of the planned entry `id` with its 记录 button in the 日程 of the first of `months`
 * (YYYY-MM) that lists it; returns the entry's date.
 */
async function openRecordFromPlan(page: Page, id: string, months: string[]): Promise<string> {
  for (const month of months) {
    await page.goto(`/schedule?month=${month}`);
    await waitForApp(page);
    const item = page.locator(`.month-list .agenda-item[data-id="${id}"]`);
    if ((await item.count()) === 0) continue;
    await expect(item).toHaveClass(/st-planned/);
    const date = (await item.getAttribute("data-date"))!;
    await item.locator(".act-record").click();
    await expect(page).toHaveURL(new RegExp(`/activities/${id}/edit\\?hold=1$`));
    await waitForApp(page);
    await expect(page.locator("#af-date")).toHaveValue(date);
    return date;
  }
  throw new Error(`plan entry ${id} not in the 日程 of ${months.join(", ")}`);
}

const rollRow = (page: Page, name: string) =>
  page.locator(".roll-row").filter({ has: page.locator(".roll-name", { hasText: new RegExp(`^${name}$`) }) });

test("the whole journey: set up → plan → record → dashboard → summary → backup → wipe → restore", async ({ page }, testInfo) => {
  shotNo = 0;
  const phone = testInfo.project.name === "phone";
  await page.clock.setFixedTime(TODAY);

  // ---- 1. the empty app ----
  await openApp(page, "/");
  await expect(page.getByRole("heading", { name: "欢迎使用支部台账" })).toBeVisible();
  await expect(nav(page).getByRole("link")).toHaveText(NAV.map(([label]) => label));
  await expectCurrentNav(page, "概览");
  // Every nav item fits the width (phones included): nothing scrolls sideways.
  const overflow = await nav(page).evaluate((el) => el.scrollWidth - el.clientWidth);
  expect(overflow, "main navigation overflows").toBeLessThanOrEqual(0);
  await snap(page, testInfo, "overview-empty");

  // ---- 2. 支部信息 ----
  await page.getByRole("link", { name: "从头开始" }).click();
  await expect(page).toHaveURL(/\/members\?tab=branch$/);
  await expectCurrentNav(page, "党员");
  await page.getByLabel("支部名称").fill(BRANCH);
  await page.getByLabel("上级党委").fill(PARENT);
  await page.getByRole("button", { name: "保存支部信息" }).click();
  await expect(page.getByRole("status").filter({ hasText: "已保存" })).toBeVisible();
  await expect(page.locator(".topbar .branch-name")).toHaveText(BRANCH);

  // ---- 3. 党小组 and members: two by hand, six pasted ----
  await memberTab(page, "党小组");
  await addGroup(page, "第一党小组");
  await addGroup(page, "第二党小组");
  await snap(page, testInfo, "members-groups");
  await memberTab(page, "党员名册");
  await addMember(page, { name: "张书记", group: "第一党小组", joined: "2005-07-01", branchJoined: "2015-03-01" });
  await addMember(page, { name: "李委员", group: "第二党小组", joined: "2008-07-01", branchJoined: "2016-05-01" });
  await page.getByRole("button", { name: "粘贴名单批量添加" }).click();
  await page.getByLabel("从 Excel 复制后粘贴到这里").fill(
    [
      // 姓名, 类别, 党小组, 入党日期, 转入日期 (without it the preview asks what to do: one date or 不详).
      "王明\t正式党员\t第一党小组\t2012-07-01\t2018-03-01",
      "赵丽\t正式党员\t第一党小组\t2016-07-01\t2018-03-01",
      "钱进\t正式党员\t第二党小组\t2010-07-01\t2019-09-01",
      "周强\t正式党员\t第二党小组\t2009-07-01\t2020-01-01",
      "孙红\t预备党员\t第二党小组\t2025-09-01\t2025-09-01",
      "吴敏\t入党积极分子\t第一党小组\t\t2024-01-01",
    ].join("\n"),
  );
  await page.getByRole("button", { name: "预览" }).click();
  await expect(page.locator(".paste-preview .paste-count")).toHaveText("可添加 6 人，0 行有错误");
  await snap(page, testInfo, "members-paste-preview");
  await page.getByRole("button", { name: "添加 6 人" }).click();
  await expect(main(page).locator(".member-paste .alert-ok")).toContainText("已添加 6 人");
  await expect(page.locator("table.members-table tbody tr")).toHaveCount(8);
  await snap(page, testInfo, "members-roster");

  // 支委: 书记, 组织委员, 宣传委员.
  await memberTab(page, "支部信息");
  await page.getByLabel("书记", { exact: true }).selectOption({ label: "张书记" });
  await page.getByLabel("组织委员", { exact: true }).selectOption({ label: "李委员" });
  await page.getByLabel("宣传委员", { exact: true }).selectOption({ label: "王明" });
  await page.getByRole("button", { name: "保存支部信息" }).click();
  await expect(page.getByRole("status").filter({ hasText: "已保存" })).toBeVisible();
  await snap(page, testInfo, "members-branch");

  // ---- 4. plan the year: one study item, then the year's skeleton ----
  await navTo(page, "学习计划");
  await expectCurrentNav(page, "学习计划");
  await page.locator("#st-add").click();
  await page.locator("#sf-date").fill(`${YEAR}-03-09`);
  await page.locator("#sf-topic").fill("学习党章总纲");
  await page.locator("#sf-hours").fill("2");
  await page.locator("#sf-save").click();
  await expect(page.locator("#study-form")).toHaveCount(0);
  const studyRow = page.locator(".study-plan tbody tr", { hasText: "学习党章总纲" });
  await studyRow.locator("input[type=checkbox]").click();
  await expect(page.locator("#st-completion")).toHaveText("学习计划完成 1/1");
  await snap(page, testInfo, "study-plan");

  await page.getByRole("button", { name: "年度活动计划" }).click();
  await expect(page.locator('.completion-row[data-kind="general_meeting"]')).toHaveCount(0);
  await page.locator("#plan-generate").click();
  // 12 主题党日 + 12 支委会 + 2 groups × 12 党小组会 + 4 党员大会 + 4 党课 + 组织生活会 + 民主评议党员.
  await expect(page.locator("#pg-summary")).toContainText("将新增 58 项计划");
  await snap(page, testInfo, "study-plan-generator");
  await page.locator("#pg-confirm").click();
  await expect(page.locator("#plan-done")).toContainText("已生成 58 项计划");
  await expect(page.locator('.completion-row[data-kind="general_meeting"]')).toContainText("党员大会 0/4");
  await snap(page, testInfo, "study-year-plan");

  // The first quarter's 党员大会 and March's 支委会, as planned.
  await page.locator("#pe-kind").selectOption("general_meeting");
  const gmRow = page.locator(".pe-row.k-general_meeting").first();
  const gmId = (await gmRow.getAttribute("data-id"))!;
  await page.locator("#pe-kind").selectOption("committee_meeting");
  await expect(page.locator(".pe-row.k-committee_meeting")).toHaveCount(12);
  const cmRow = page.locator(".pe-row.k-committee_meeting").nth(2);
  const cmId = (await cmRow.getAttribute("data-id"))!;
  expect(gmId).toMatch(/^a-/);
  expect(cmId).toMatch(/^a-/);

  // ---- 5. 日程 ----
  await navTo(page, "日程");
  await expectCurrentNav(page, "日程");
  await snap(page, testInfo, "schedule");

  // ---- 6. record the 党员大会 from the plan: 王明 on leave (出差), 周强 absent ----
  const gmDate = await openRecordFromPlan(page, gmId, ["2026-01", "2026-02", "2026-03"]);
  expect(gmDate < "2026-04-01").toBe(true);
  await expectCurrentNav(page, "活动记录");
  // 应到: the 7 party members (6 full, 1 probationary); the activist 吴敏 is not expected.
  await expect(page.getByTestId("tally")).toContainText("应到7人（正式6、预备1）");
  await page.locator("#af-theme").fill("传达学习上级会议精神");
  await page.locator("#af-content").fill("张书记传达上级会议精神；讨论支部第二季度工作安排。");
  await rollRow(page, "王明").getByRole("button", { name: "请假", exact: true }).click();
  await rollRow(page, "王明").locator("input.roll-reason").fill("出差");
  await rollRow(page, "周强").getByRole("button", { name: "缺席", exact: true }).click();
  await expect(page.getByTestId("tally")).toContainText("实到5人");
  await snap(page, testInfo, "record-form");
  await page.locator("#af-save").click();
  await expect(page).toHaveURL(new RegExp(`/activities/${gmId}\\?saved=1$`));
  const sheet = page.locator(".record-sheet");
  await expect(sheet.locator(".record-title")).toContainText("党员大会 记录");
  await expect(sheet.locator(".rec-attendance")).toContainText("应到：7人（正式6、预备1）　实到：5人");
  await expect(sheet.locator(".rec-leave")).toContainText("王明（出差）");
  await expect(sheet.locator(".rec-absent")).toHaveText("周强");
  await expectCurrentNav(page, "活动记录");
  await snap(page, testInfo, "record-view");

  // ---- 7. the 支委会: everyone on the committee present ----
  await openRecordFromPlan(page, cmId, ["2026-03"]);
  await expect(page.getByTestId("tally")).toContainText("应到3人");
  await page.locator("#af-theme").fill("研究第二季度工作");
  await page.locator("#af-content").fill("研究部署第二季度党建工作。");
  await page.locator("#af-save").click();
  await expect(page).toHaveURL(new RegExp(`/activities/${cmId}\\?saved=1$`));
  await expect(page.locator(".record-sheet .rec-attendance")).toContainText("实到：3人");

  await navTo(page, "活动记录");
  await expect(page.locator(".ledger-summary")).toContainText("共58条：已开展2，计划56");
  await snap(page, testInfo, "activities");
  await page.locator("#lf-status").selectOption("held");
  await expect(page.locator(".ledger-table tbody tr")).toHaveCount(2);
  await expect(page.locator(".ledger-table")).toContainText("传达学习上级会议精神");
  await page.goto(`/print/${gmId}`);
  await waitForApp(page);
  await expectCurrentNav(page, "活动记录");
  await expect(page.locator(".print-book .record-sheet .rec-leave")).toContainText("王明（出差）");
  await snap(page, testInfo, "record-print");

  // ---- 8. 概览: the grid and the alerts as of 20 April ----
  await navTo(page, "概览");
  const grid = main(page).locator("table.compliance-grid");
  await expect(grid).toBeVisible();
  const cell = (rule: string, slot: number, group?: string) =>
    grid.locator(`tr[data-rule="${rule}"]${group ? `[data-group="${group}"]` : ""} td[data-slot="${slot}"]`);
  const gmRule = await ruleOfRow(page, "党员大会");
  const cmRule = await ruleOfRow(page, "支委会");
  await expect(cell(gmRule, 1)).toHaveAttribute("data-status", "met"); // Q1: held
  await expect(cell(gmRule, 2)).toHaveAttribute("data-status", "due"); // Q2: still time
  await expect(cell(cmRule, 1)).toHaveAttribute("data-status", "missed"); // January: none
  await expect(cell(cmRule, 2)).toHaveAttribute("data-status", "missed");
  await expect(cell(cmRule, 3)).toHaveAttribute("data-status", "met"); // March: held
  await expect(cell(cmRule, 4)).toHaveAttribute("data-status", "due");
  await expect(cell(cmRule, 5)).toHaveAttribute("data-status", "upcoming");
  // Missed: 支委会 Jan–Feb, each group Jan–Mar, 党课 Q1, 主题党日 Jan–Mar. Due: this month's or quarter's
  // 党员大会, 支委会, 2 × 党小组会, 党课, 主题党日, and the four yearly checks.
  await expect(main(page).locator(".cg-status")).toHaveText("2026年：未完成 12 项，待完成 10 项。");
  await expect(main(page)).toContainText("1月未召开支委会");
  await snap(page, testInfo, "overview-dashboard");
  await main(page).getByRole("button", { name: "显示全部 22 条提醒" }).click();
  await expect(main(page)).toContainText("第一党小组1月未召开党小组会");
  await expect(main(page)).toContainText("第一季度未讲党课");
  await expect(main(page)).toContainText("第二党小组3月未召开党小组会");
  await expect(main(page)).toContainText("3月未开展主题党日");
  await expect(main(page)).not.toContainText("第一季度未召开党员大会");
  await expect(main(page)).not.toContainText("3月未召开支委会");

  // ---- 9. 统计: 年度总结 and its JSON ----
  await navTo(page, "统计");
  await expectCurrentNav(page, "统计");
  await snap(page, testInfo, "stats-check");
  await page.goto(`/stats?year=${YEAR}&tab=summary`);
  await waitForApp(page);
  await expectCurrentNav(page, "统计");
  await expect(main(page)).toContainText("全年共召开支部党员大会1次、支委会1次，党员平均参会率80%。");
  await snap(page, testInfo, "stats-summary");
  await page.getByRole("navigation", { name: "统计页面分区" }).getByRole("link", { name: "导出" }).click();
  await expect(page).toHaveURL(/tab=export/);
  await snap(page, testInfo, "stats-export");
  const [summaryDownload] = await Promise.all([page.waitForEvent("download"), page.locator("#se-json").click()]);
  const { json: summary } = await jsonOf(summaryDownload, testInfo, "summary.json");
  expect(summary.format).toBe("zhibu-summary");
  expect(summary.year).toBe(YEAR);
  expect(summary.branch).toEqual({ name: BRANCH, parent_org: PARENT });
  const row = (kind: string) => summary.table.find((r: { kind: string }) => r.kind === kind);
  expect(row("general_meeting")).toMatchObject({ held: 1, expected: 7, attended: 5 });
  expect(row("committee_meeting")).toMatchObject({ held: 1, expected: 3, attended: 3, average_rate: 100 });
  expect(row("committee_meeting").missed).toEqual(["1月", "2月"]);
  expect(row("theme_day").held).toBe(0);
  expect(summary.totals).toEqual({ expected: 10, attended: 8, average_rate: 80 });
  expect(summary.study_plan).toEqual({ done: 1, total: 1 });
  expect(summary.activities).toHaveLength(2);
  expect(summary.members).toHaveLength(7); // party members only
  const member = (name: string) => summary.members.find((m: { name: string }) => m.name === name);
  expect(member("王明")).toMatchObject({ expected: 2, attended: 1, leave: 1, absent: 0 });
  expect(member("周强")).toMatchObject({ expected: 1, attended: 0, leave: 0, absent: 1 });
  expect(member("孙红")).toMatchObject({ kind: "probationary", expected: 1, attended: 1 });
  await page.goto(`/stats?year=${YEAR}&tab=members`);
  await waitForApp(page);
  await snap(page, testInfo, "stats-members");
  await page.goto("/rules");
  await waitForApp(page);
  await expectCurrentNav(page, "统计");
  await snap(page, testInfo, "rules");
  await page.goto("/rollup");
  await waitForApp(page);
  await expectCurrentNav(page, "统计");
  await snap(page, testInfo, "rollup");
  await page.goto(`/stats/print/${YEAR}`);
  await waitForApp(page);
  await expectCurrentNav(page, "统计");
  await snap(page, testInfo, "stats-print");

  // ---- 10. 我的 ----
  await navTo(page, "我的");
  await expectCurrentNav(page, "我的");
  await page.locator("#my-member").selectOption({ label: "王明" });
  await expect(page.locator("h1")).toHaveText("我的 · 王明");
  await snap(page, testInfo, "my");

  // ---- 11. 数据: export, clear, import ----
  await navTo(page, "数据");
  await expectCurrentNav(page, "数据");
  await snap(page, testInfo, "data");
  const first = await exportBackup(page, testInfo, "backup-1.json");
  expect(first.json.format).toBe("zhibu-backup");
  expect(first.json.data.members).toHaveLength(8);
  expect(first.json.data.activities).toHaveLength(58);

  await page.getByRole("button", { name: "清空本地数据" }).click();
  const clear = page.getByRole("alertdialog");
  await clear.getByLabel(/请输入/).fill(BRANCH);
  await clear.getByRole("button", { name: "清空" }).click();
  await expect(main(page).locator(".alert-ok", { hasText: "已清空" })).toBeVisible();
  await expect(page.locator(".topbar .branch-name")).toHaveText("");
  await page.goto("/members?tab=roster");
  await waitForApp(page);
  await expect(main(page).locator(".empty")).toContainText("名册是空的");

  await navTo(page, "数据");
  await main(page).locator("input[type=file]").first().setInputFiles(first.file);
  await expect(main(page)).toContainText(BRANCH);
  await snap(page, testInfo, "data-import-preview");
  // The app must accept its own backup (e.g. planned 主题党日 whose theme is still to be decided).
  await expect(main(page).getByRole("alert").filter({ hasText: "未导入任何数据" }), "backup refused").toHaveCount(0);
  // The import card may offer 合并 / 替换: take the button that imports or replaces, then confirm.
  await main(page).getByRole("button", { name: /^(导入|替换)/ }).first().click();
  const confirm = page.getByRole("alertdialog");
  if (await confirm.isVisible().catch(() => false)) {
    await confirm.getByRole("button", { name: /^(替换|导入|确定)/ }).first().click();
  }
  await expect(main(page).locator(".alert-ok").filter({ hasText: /已导入|已替换|已恢复/ })).toBeVisible();
  await expect(page.locator(".topbar .branch-name")).toHaveText(BRANCH);

  // ---- 12. the same data again ----
  const second = await exportBackup(page, testInfo, "backup-2.json");
  const strip = (b: { exported_at?: unknown }) => ({ ...b, exported_at: undefined });
  expect(strip(second.json)).toEqual(strip(first.json));

  await page.reload();
  await waitForApp(page);
  await page.goto("/members?tab=roster");
  await waitForApp(page);
  await expect(page.locator("table.members-table tbody tr")).toHaveCount(8);
  await expect(page.locator("table.members-table tbody tr", { hasText: "张书记" })).toContainText("书记");
  await page.goto(`/activities/${gmId}`);
  await waitForApp(page);
  await expect(page.locator(".record-sheet .rec-leave")).toContainText("王明（出差）");
  await expect(page.locator(".record-sheet .rec-absent")).toHaveText("周强");
  await navTo(page, "概览");
  await expect(main(page).locator(`table.compliance-grid tr[data-rule="${cmRule}"] td[data-slot="3"]`)).toHaveAttribute(
    "data-status",
    "met",
  );
  await snap(page, testInfo, "overview-restored");
  if (phone) {
    const overflowAfter = await nav(page).evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(overflowAfter).toBeLessThanOrEqual(0);
  }
});

/** The rule id of the compliance grid's row labelled `label`. */
async function ruleOfRow(page: Page, label: string): Promise<string> {
  const row = page.locator("table.compliance-grid tbody tr").filter({
    has: page.locator(".cg-name", { hasText: new RegExp(`^${label}$`) }),
  });
  await expect(row).toHaveCount(1);
  return (await row.getAttribute("data-rule"))!;
}
