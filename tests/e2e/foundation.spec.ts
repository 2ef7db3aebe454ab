// The foundation pages: 概览 (welcome, demo), 党员 (支部信息, 党小组, 党员名册) and 数据 (export, import, clear).
// Each test starts from an empty database (a fresh browser context).
import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import { test, expect, openApp, waitForApp, shot, installSlowWrites, slowWrites, writesSettled } from "./helpers";

const main = (page: Page) => page.locator("main");

// These journeys are long; the machine that runs them may be slow.
test.describe.configure({ timeout: 120_000 });

async function openTab(page: Page, label: "支部信息" | "党小组" | "党员名册") {
  await page.getByRole("navigation", { name: "党员页面分区" }).getByRole("link", { name: new RegExp(`^${label}`) }).click();
}

async function addMember(
  page: Page,
  m: { name: string; kind?: "正式党员" | "预备党员" | "入党积极分子"; group?: string; joined?: string; branchJoined?: string },
) {
  await page.getByRole("button", { name: "添加人员" }).click();
  const form = page.locator("form.member-form");
  await expect(form).toBeVisible();
  await form.getByLabel("姓名").fill(m.name);
  if (m.kind) await form.getByText(m.kind, { exact: true }).click();
  if (m.group) await form.getByLabel("党小组").selectOption({ label: m.group });
  if (m.joined) await form.getByLabel("入党日期").fill(m.joined);
  if (m.branchJoined) await form.getByLabel("转入本支部日期").fill(m.branchJoined);
  await form.getByRole("button", { name: "保存" }).click();
  await expect(main(page).locator(".alert-ok")).toContainText(`已添加${m.name}`);
  await expect(form).toHaveCount(0);
}

const row = (page: Page, name: string) => page.locator("table.members-table tbody tr", { hasText: name });

test("set up a branch from scratch: profile, a group, three members, an edit; all survive a reload", async ({ page }, testInfo) => {
  await openApp(page, "/");
  await expect(page.getByRole("heading", { name: "欢迎使用支部台账" })).toBeVisible();
  await shot(page, testInfo, "foundation-01-welcome");
  await page.getByRole("link", { name: "从头开始" }).click();
  await expect(page).toHaveURL(/\/members\?tab=branch$/);

  // 支部信息
  await page.getByLabel("支部名称").fill("测试局办公室党支部");
  await page.getByLabel("上级党委").fill("测试局机关党委");
  await page.getByRole("button", { name: "保存支部信息" }).click();
  await expect(page.getByRole("status").filter({ hasText: "已保存" })).toBeVisible();
  await expect(page.locator(".topbar .branch-name")).toHaveText("测试局办公室党支部");

  // 党小组
  await openTab(page, "党小组");
  await expect(main(page).locator(".empty")).toContainText("还没有党小组");
  await page.getByRole("button", { name: "添加党小组" }).click();
  await page.getByLabel("党小组名称").fill("第一党小组");
  await page.getByRole("button", { name: "保存", exact: true }).click();
  await expect(main(page).locator(".alert-ok")).toContainText("已添加党小组“第一党小组”");
  await expect(page.locator("table.groups-table")).toContainText("第一党小组");

  // 党员名册: a full member, a probationary member, an activist
  await openTab(page, "党员名册");
  await expect(main(page).locator(".empty")).toContainText("名册是空的");
  await addMember(page, { name: "张三", group: "第一党小组", joined: "2010-07-01", branchJoined: "2015-03-01" });
  await addMember(page, { name: "李四", kind: "预备党员", group: "第一党小组", joined: "2025-06-01" });
  await addMember(page, { name: "王五", kind: "入党积极分子", branchJoined: "2024-01-01" });
  await expect(page.locator("table.members-table tbody tr")).toHaveCount(3);
  await expect(row(page, "李四")).toContainText("预备党员");
  await expect(row(page, "李四")).toContainText("2025-06-01 转入"); // 转入 defaults to 入党日期
  await expect(row(page, "王五")).toContainText("入党积极分子");

  // Edit 张三: phone and 流动党员
  await page.getByRole("button", { name: "编辑 张三" }).click();
  const form = page.locator("form.member-form");
  await form.getByLabel("电话").fill("13800000000");
  await form.getByLabel("流动党员").check();
  await form.getByRole("button", { name: "保存" }).click();
  await expect(main(page).locator(".alert-ok")).toContainText("已保存张三的信息");
  await expect(row(page, "张三")).toContainText("流动党员");

  // 书记 = 张三
  await openTab(page, "支部信息");
  await page.getByLabel("书记", { exact: true }).selectOption({ label: "张三" });
  await page.getByRole("button", { name: "保存支部信息" }).click();
  await expect(page.getByRole("status").filter({ hasText: "已保存" })).toBeVisible();
  await shot(page, testInfo, "foundation-02-branch");

  // Reload: everything is still there
  await page.reload();
  await waitForApp(page);
  await expect(page.getByLabel("支部名称")).toHaveValue("测试局办公室党支部");
  await expect(page.getByLabel("书记", { exact: true }).locator("option:checked")).toHaveText("张三");
  await openTab(page, "党员名册");
  await expect(page.locator("table.members-table tbody tr")).toHaveCount(3);
  await expect(row(page, "张三")).toContainText("流动党员");
  await expect(row(page, "张三")).toContainText("书记");
  await expect(row(page, "张三")).toContainText("第一党小组");
  await page.getByRole("button", { name: "编辑 张三" }).click();
  await expect(page.getByLabel("电话")).toHaveValue("13800000000");
  await shot(page, testInfo, "foundation-03-roster");

  // The overview counts them
  await page.goto("/");
  await waitForApp(page);
  const stat = (label: string) => main(page).locator(".stat", { hasText: label }).locator("dd");
  await expect(stat("正式党员")).toHaveText("1");
  await expect(stat("预备党员")).toHaveText("1");
  await expect(stat("入党积极分子")).toHaveText("1");
  await expect(stat("党小组")).toHaveText("1");
});

test("bad input shows Chinese messages next to the fields and saves nothing; names render as text", async ({ page }, testInfo) => {
  await openApp(page, "/members?tab=roster");
  await page.getByRole("button", { name: "添加人员" }).click();
  const form = page.locator("form.member-form");

  // Empty form
  await form.getByRole("button", { name: "保存" }).click();
  await expect(page.locator("#member-name-err")).toHaveText("请填写姓名");
  await expect(page.getByLabel("姓名")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("姓名")).toHaveAttribute("aria-describedby", /member-name-err/);
  // No 转入 date is not an error: it is then not known (in the branch since before any record).
  await expect(page.locator("#member-joined-branch-err")).toHaveText("");
  await expect(page.getByLabel("姓名")).toBeFocused();

  // 转出 before 转入
  await page.getByLabel("姓名").fill("赵六");
  await page.getByLabel("转入本支部日期").fill("2020-01-01");
  await page.getByLabel("转出日期").fill("2019-01-01");
  await form.getByRole("button", { name: "保存" }).click();
  await expect(page.locator("#member-left-branch-err")).toHaveText("转出日期不能早于转入日期");
  await expect(page.locator("#member-name-err")).toHaveText("");
  await shot(page, testInfo, "foundation-04-errors");

  // A period excused from 应到 without its note, ending before it starts
  await form.getByRole("button", { name: "添加一段" }).click();
  await page.locator("#excused-0-from").fill("2024-05-01");
  await page.locator("#excused-0-to").fill("2024-04-01");
  await page.getByLabel("转出日期").fill("");
  await form.getByRole("button", { name: "保存" }).click();
  await expect(page.locator("#excused-0-to-err")).toHaveText("免于应到的结束日期不能早于开始日期");
  await expect(page.locator("#excused-0-note-err")).toHaveText("请填写说明");

  // Nothing was saved
  await form.getByRole("button", { name: "取消" }).click();
  await expect(main(page).locator(".empty")).toContainText("名册是空的");
  await page.reload();
  await waitForApp(page);
  await expect(main(page).locator(".empty")).toContainText("名册是空的");

  // A name containing HTML is shown literally
  const htmlName = "<b>HTML</b>钱七";
  await page.getByRole("button", { name: "添加人员" }).click();
  await page.getByLabel("姓名").fill(htmlName);
  await page.getByLabel("转入本支部日期").fill("2020-01-01");
  await page.locator("form.member-form").getByRole("button", { name: "保存" }).click();
  await expect(row(page, htmlName)).toHaveCount(1);
  await expect(row(page, htmlName).locator(".member-name")).toHaveText(htmlName);
  await expect(page.locator("table.members-table b")).toHaveCount(0);

  // Group name validation: empty and duplicate
  await openTab(page, "党小组");
  await page.getByRole("button", { name: "添加党小组" }).click();
  await page.getByRole("button", { name: "保存", exact: true }).click();
  await expect(page.locator("#group-name-err")).toHaveText("请填写党小组名称");
  await page.getByLabel("党小组名称").fill("一组");
  await page.getByRole("button", { name: "保存", exact: true }).click();
  await page.getByRole("button", { name: "添加党小组" }).click();
  await page.getByLabel("党小组名称").fill("一组");
  await page.getByRole("button", { name: "保存", exact: true }).click();
  await expect(page.locator("#group-name-err")).toHaveText("名称重复，请换一个");
});

test("a member named in records cannot be deleted; the app offers 转出 instead", async ({ page }) => {
  await openApp(page, "/?demo=1");
  await expect(main(page).locator(".stat").first()).toBeVisible({ timeout: 20_000 });
  await page.goto("/members?tab=roster");
  await waitForApp(page);
  const first = page.locator("table.members-table tbody tr").first();
  const name = (await first.locator(".member-name").textContent())!.trim();
  await first.getByRole("button", { name: `删除 ${name}` }).click();
  const dialog = page.getByRole("alertdialog");
  await expect(dialog).toContainText(`不能删除${name}`);
  await expect(dialog).toContainText("条活动记录或计划中有此人");
  await page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
  await expect(row(page, name)).toHaveCount(1);
});

test("load the demo branch from the empty start screen", async ({ page }, testInfo) => {
  await openApp(page, "/");
  await page.getByRole("button", { name: "载入示例支部" }).click();
  const stat = (label: string) => main(page).locator(".stat", { hasText: label }).locator("dd");
  await expect(stat("正式党员")).toHaveText(/^[1-9]\d*$/, { timeout: 20_000 });
  await expect(stat("党小组")).toHaveText(/^[1-9]$/);
  await expect(main(page).locator(".recent li").first()).toBeVisible();
  await shot(page, testInfo, "foundation-05-overview-demo");
  await page.goto("/members?tab=roster");
  await waitForApp(page);
  expect(await page.locator("table.members-table tbody tr").count()).toBeGreaterThan(10);
  await shot(page, testInfo, "foundation-06-roster-demo");
});

test("?demo=1 never overwrites existing data", async ({ page }) => {
  await openApp(page, "/members?tab=branch");
  await page.getByLabel("支部名称").fill("我的支部");
  await page.getByRole("button", { name: "保存支部信息" }).click();
  await expect(page.getByRole("status").filter({ hasText: "已保存" })).toBeVisible();
  await openApp(page, "/?demo=1");
  await expect(main(page).locator(".summary h2")).toHaveText("我的支部");
  await page.waitForTimeout(500);
  await expect(main(page).locator(".stat", { hasText: "正式党员" }).locator("dd")).toHaveText("0");
});

test("export a backup, clear the data, import it back", async ({ page }, testInfo) => {
  await openApp(page, "/?demo=1");
  await expect(main(page).locator(".stat").first()).toBeVisible({ timeout: 20_000 });
  const branchName = (await main(page).locator(".summary h2").textContent())!.trim();
  await page.goto("/data");
  await waitForApp(page);

  // Export
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "导出备份" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^支部台账备份-.+-\d{8}\.json$/);
  const file = testInfo.outputPath("backup.json");
  await download.saveAs(file);
  const backup = JSON.parse(readFileSync(file, "utf8"));
  expect(backup.format).toBe("zhibu-backup");
  expect(backup.data.branch.name).toBe(branchName);
  expect(backup.data.members.length).toBeGreaterThan(10);
  expect(backup.data.activities.length).toBeGreaterThan(10);

  // Clear, with the typed confirmation
  await page.getByRole("button", { name: "清空本地数据" }).click();
  const dialog = page.getByRole("alertdialog");
  const confirm = dialog.getByRole("button", { name: "清空" });
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel(/请输入/).fill("不对");
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel(/请输入/).fill(branchName);
  await confirm.click();
  await expect(main(page).locator(".alert-ok", { hasText: "已清空" })).toBeVisible();
  await expect(page.locator(".topbar .branch-name")).toHaveText("");

  // A file that is not a backup: a Chinese message, nothing stored
  await page.getByLabel("选择备份文件（.json）").setInputFiles({
    name: "notes.json",
    mimeType: "application/json",
    buffer: Buffer.from("this is not json"),
  });
  await expect(main(page).locator(".alert-error")).toContainText("文件不是有效的 JSON");
  await page.getByLabel("选择备份文件（.json）").setInputFiles({
    name: "other.json",
    mimeType: "application/json",
    buffer: Buffer.from('{"format":"something-else","version":1}'),
  });
  await expect(main(page).locator(".alert-error")).toContainText("这不是支部台账的备份文件");

  // Import the real one: preview, then confirm
  await page.getByLabel("选择备份文件（.json）").setInputFiles(file);
  const preview = main(page).locator(".import-preview");
  await expect(preview).toContainText(branchName);
  await expect(preview.locator("tr", { hasText: "正式党员" }).locator("td")).toHaveText(/^[1-9]\d*$/);
  await shot(page, testInfo, "foundation-07-import-preview");
  await preview.getByRole("button", { name: "导入并替换现有数据" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "替换" }).click();
  await expect(main(page).locator(".alert-ok", { hasText: "已导入" })).toBeVisible();
  await page.reload();
  await waitForApp(page);
  await expect(page.locator(".topbar .branch-name")).toHaveText(branchName);
  await page.goto("/members?tab=roster");
  await waitForApp(page);
  expect(await page.locator("table.members-table tbody tr").count()).toBeGreaterThan(10);
});

test("a half-typed date is reported, not silently dropped", async ({ page }) => {
  await openApp(page, "/members?tab=roster");
  await page.getByRole("button", { name: "添加人员" }).click();
  await page.getByLabel("姓名").fill("孙八");
  await page.getByLabel("转入本支部日期").fill("2020-01-01");
  const left = page.getByLabel("转出日期");
  await left.click();
  await page.keyboard.type("03");
  await page.locator("form.member-form").getByRole("button", { name: "保存" }).click();
  await expect(page.locator("#member-left-branch-err")).toHaveText("日期格式应为 年-月-日，例如 2026-03-15");
  await expect(main(page).locator(".empty")).toContainText("名册是空的");
});

test("deleting a group asks first and leaves its members ungrouped; dialogs work from the keyboard", async ({ page }) => {
  await openApp(page, "/members?tab=groups");
  await page.getByRole("button", { name: "添加党小组" }).click();
  await page.getByLabel("党小组名称").fill("二组");
  await page.getByRole("button", { name: "保存", exact: true }).click();
  await openTab(page, "党员名册");
  await addMember(page, { name: "周九", group: "二组", joined: "2015-07-01" });
  await expect(row(page, "周九")).toContainText("二组");

  await openTab(page, "党小组");
  const del = page.getByRole("button", { name: "删除党小组 二组" });
  await del.click();
  const dialog = page.getByRole("alertdialog");
  await expect(dialog).toContainText("组内 1 人将变为“未分组”");
  // 取消 has the focus; Tab cycles inside the dialog; Escape closes it and gives the focus back.
  await expect(dialog.getByRole("button", { name: "取消" })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(dialog.getByRole("button", { name: "删除" })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(dialog.getByRole("button", { name: "取消" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
  await expect(del).toBeFocused();
  await expect(page.locator("table.groups-table")).toContainText("二组");

  await del.click();
  await page.getByRole("alertdialog").getByRole("button", { name: "删除" }).click();
  await expect(main(page).locator(".alert-ok")).toContainText("已删除党小组“二组”");
  await expect(main(page).locator(".empty")).toContainText("还没有党小组");
  await page.reload();
  await waitForApp(page);
  await openTab(page, "党员名册");
  await expect(row(page, "周九")).toHaveCount(1);
  await expect(row(page, "周九")).not.toContainText("二组");
});

test("leaving a form while it saves: the save lands, nothing breaks", async ({ page }) => {
  // A slow disk, so the user can switch tabs while a form is still saving. The form is gone when the save
  // finishes: that must neither stop the app (a panic) nor lose the save.
  await installSlowWrites(page);
  const tab = (label: string) =>
    page.getByRole("navigation", { name: "党员页面分区" }).getByRole("link", { name: new RegExp(`^${label}`) });
  await openApp(page, "/members?tab=groups");
  await slowWrites(page, 800);

  await page.getByRole("button", { name: "添加党小组" }).click();
  await page.getByLabel("党小组名称").fill("一组");
  await page.getByRole("button", { name: "保存", exact: true }).click();
  await expect(page.getByRole("button", { name: "正在保存…" })).toBeVisible();
  await openTab(page, "党员名册");
  await writesSettled(page);
  await expect(tab("党小组")).toHaveAccessibleName(/^党小组\s*1/);

  await page.getByRole("button", { name: "添加人员" }).click();
  const form = page.locator("form.member-form");
  await form.getByLabel("姓名").fill("吴十");
  await form.getByLabel("入党日期").fill("2015-07-01");
  await form.getByRole("button", { name: "保存" }).click();
  await expect(form.getByRole("button", { name: "正在保存…" })).toBeVisible();
  await openTab(page, "党小组");
  await writesSettled(page);
  await expect(tab("党员名册")).toHaveAccessibleName(/^党员名册\s*1/);

  // The app still answers: a normal save, then everything is there after a reload.
  await slowWrites(page, 0);
  await page.getByRole("button", { name: "添加党小组" }).click();
  await page.getByLabel("党小组名称").fill("二组");
  await page.getByRole("button", { name: "保存", exact: true }).click();
  await expect(main(page).locator(".alert-ok")).toContainText("已添加党小组“二组”");
  await page.reload();
  await waitForApp(page);
  await expect(page.locator("table.groups-table")).toContainText("一组");
  await expect(page.locator("table.groups-table")).toContainText("二组");
  await openTab(page, "党员名册");
  await expect(row(page, "吴十")).toHaveCount(1);
});
