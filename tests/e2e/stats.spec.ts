// 统计: compliance and the annual summary. A fixture year (2024, a backup built here and imported through
// the 数据 page) with known gaps: no 党员大会 in the third quarter, 第二党小组 without a meeting in May, no
// 组织生活会, 张三 absent from July on, 李四 owing two 补学. The journey: the dashboard shows exactly those
// missed cells and alerts (each alert leads to its fix) → export the summary → the downloaded JSON and CSV
// parse and hold the same numbers as the page → roll up two branch files (and a bad one) on 汇总, without
// touching the local data. A second test edits the rules.
import { readFileSync } from "node:fs";
import type { Download, Page } from "@playwright/test";
import { test, expect, waitForApp, shot, importBackupText } from "./helpers";

test.describe.configure({ timeout: 90_000 });

const BRANCH = "测试局第一党支部";
const YEAR = 2024;

type Entry = { member: string; status: string; reason?: string; make_up?: { date: string; way: string; note: string } };

/** The fixture: a complete backup file of one branch and one year. */
function fixtureBackup(): string {
  const members = [
    ["m-1", "王书记", "g-1"],
    ["m-2", "赵委员", "g-1"],
    ["m-3", "孙组长", "g-2"],
    ["m-4", "张三", "g-2"],
    ["m-5", "李四", "g-1"],
  ].map(([id, name, group]) => ({ id, name, kind: "full", group, party_joined: "2010-07-01", joined_branch: "2020-01-01" }));
  const pad = (n: number) => String(n).padStart(2, "0");
  const day = (m: number, d: number) => `${YEAR}-${pad(m)}-${pad(d)}`;
  let n = 0;
  const activities: object[] = [];
  /** 张三 takes part until June and is absent from July on; 李四 is on leave at two theme days. */
  const roll = (ids: string[], month: number, kind: string): Entry[] =>
    ids.map((member) => {
      if (member === "m-4" && month >= 7) return { member, status: "absent", reason: "" };
      if (member === "m-5" && kind === "theme_day" && (month === 3 || month === 4)) {
        return { member, status: "leave", reason: "出差" };
      }
      if (member === "m-5" && kind === "theme_day" && month === 2) {
        return { member, status: "leave", reason: "病假", make_up: { date: day(2, 25), way: "self_study", note: "" } };
      }
      return { member, status: "present", reason: "" };
    });
  const add = (kind: string, month: number, d: number, ids: string[], extra: object = {}) => {
    n += 1;
    activities.push({
      id: `a-fx-${pad(n)}`,
      kind,
      status: "held",
      date: day(month, d),
      start: "09:00",
      end: "10:30",
      location: "党员活动室",
      theme: `${month}月${kind === "theme_day" ? "主题党日" : "学习"}`,
      host: "m-1",
      recorder: "m-2",
      attendance: roll(ids, month, kind),
      study_hours: kind === "theme_day" ? 3 : 0,
      ...extra,
    });
  };
  const all = ["m-1", "m-2", "m-3", "m-4", "m-5"];
  for (let m = 1; m <= 12; m++) {
    add("committee_meeting", m, 5, ["m-1", "m-2"]);
    add("theme_day", m, 20, all);
    add("group_meeting", m, 12, ["m-1", "m-2", "m-5"], { group: "g-1" });
    if (m !== 5) add("group_meeting", m, 13, ["m-3", "m-4"], { group: "g-2", host: "m-3" });
  }
  for (const m of [3, 6, 12]) add("general_meeting", m, 10, all); // no meeting in the third quarter
  for (const m of [2, 5, 8, 11]) add("party_lecture", m, 15, all, { lecturer: "m-1" });
  return JSON.stringify({
    format: "zhibu-backup",
    version: 1,
    exported_at: "2025-01-05T10:00:00+08:00",
    app_version: "0.1.0",
    data: {
      branch: {
        name: BRANCH,
        parent_org: "测试局机关党委",
        committee: [
          { role: "secretary", member: "m-1" },
          { role: "organization", member: "m-2" },
        ],
      },
      groups: [
        { id: "g-1", name: "第一党小组", group_leader: "m-1" },
        { id: "g-2", name: "第二党小组", group_leader: "m-3" },
      ],
      members,
      activities,
      study_items: [],
    },
  });
}

/** Imports the fixture through the 数据 page (preview, confirm). */
async function importFixture(page: Page): Promise<void> {
  await importBackupText(page, "fixture-2024.json", fixtureBackup(), BRANCH);
  await expect(page.locator(".topbar .branch-name")).toHaveText(BRANCH);
}

/** Clicks a button that downloads a file; returns the file name and its text. */
async function download(page: Page, button: string): Promise<{ name: string; text: string; bytes: Buffer }> {
  const [file]: [Download, void] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: button }).click(),
  ]);
  const path = await file.path();
  const bytes = readFileSync(path!);
  return { name: file.suggestedFilename(), text: bytes.toString("utf8"), bytes };
}

/** RFC 4180 CSV (quoted cells with doubled quotes, CRLF rows), after the BOM. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += c;
  }
  if (cell !== "" || row.length) rows.push([...row, cell]);
  return rows;
}

const cell = (page: Page, rule: string, slot: number, group?: string) =>
  page.locator(`tr[data-rule="${rule}"]${group ? `[data-group="${group}"]` : ""} td[data-slot="${slot}"]`);

test("fixture year: missed cells and alerts → export → JSON and CSV agree → roll up two branches", async ({ page }, testInfo) => {
  await importFixture(page);

  // ---- 合规检查: the grid
  await page.goto(`/stats?year=${YEAR}`);
  await waitForApp(page);
  await expect(page.locator("#stats-year")).toHaveValue(String(YEAR));
  await expect(page.locator(".cg-status")).toHaveText(`${YEAR}年：未完成 6 项，待完成 0 项。`);
  await expect(cell(page, "general_meeting_quarterly", 3)).toHaveAttribute("data-status", "missed");
  for (const q of [1, 2, 4]) await expect(cell(page, "general_meeting_quarterly", q)).toHaveAttribute("data-status", "met");
  await expect(cell(page, "group_meeting_monthly", 5, "g-2")).toHaveAttribute("data-status", "missed");
  await expect(cell(page, "group_meeting_monthly", 5, "g-1")).toHaveAttribute("data-status", "met");
  await expect(cell(page, "org_life_meeting_yearly", 1)).toHaveAttribute("data-status", "missed");
  await expect(cell(page, "member_review_yearly", 1)).toHaveAttribute("data-status", "missed");
  await expect(cell(page, "heart_talk_coverage_yearly", 1)).toHaveAttribute("data-status", "missed");
  await expect(cell(page, "study_hours_yearly", 1)).toHaveAttribute("data-status", "missed");
  await expect(cell(page, "study_hours_yearly", 1)).toContainText("3/5人");
  for (let m = 1; m <= 12; m++) {
    await expect(cell(page, "committee_meeting_monthly", m)).toHaveAttribute("data-status", "met");
    await expect(cell(page, "theme_day_monthly", m)).toHaveAttribute("data-status", "met");
  }
  await expect(page.locator('td[data-status="missed"]')).toHaveCount(6);

  // ---- the alerts, in plain Chinese, most serious first
  const alerts = page.locator(".alerts-list .alert-item");
  await page.getByRole("button", { name: /显示全部 \d+ 条提醒/ }).click();
  const expected = [
    "张三已连续6个月未参加组织生活（党章第九条）",
    `${YEAR}年第三季度未召开党员大会`,
    `第二党小组${YEAR}年5月未召开党小组会`,
    `${YEAR}年未召开组织生活会`,
    `${YEAR}年未开展民主评议党员`,
    `5名党员${YEAR}年未开展谈心谈话`,
    `2名党员${YEAR}年学时未达到32学时`,
    // 按姓氏笔画: 李 and 张 have 7 strokes; 李 starts with 横, 张 with 折.
    "李四有2次补学未完成",
    "张三有15次补学未完成",
  ];
  await expect(alerts.locator(".alert-message")).toHaveText(expected);
  await expect(alerts.first()).toHaveAttribute("data-severity", "serious");
  await shot(page, testInfo, "stats-01-compliance");

  // Each alert leads to what fixes it.
  await page.getByRole("link", { name: `${YEAR}年第三季度未召开党员大会` }).click();
  await expect(page).toHaveURL(`/activities/new?kind=general_meeting&date=${YEAR}-07-15`);
  await page.goBack();
  await waitForApp(page);
  await page.getByRole("button", { name: /显示全部/ }).click();
  await page.getByRole("link", { name: `第二党小组${YEAR}年5月未召开党小组会` }).click();
  await expect(page).toHaveURL(`/activities/new?kind=group_meeting&date=${YEAR}-05-15&group=g-2`);
  await page.goBack();
  await waitForApp(page);
  await page.getByRole("button", { name: /显示全部/ }).click();
  await page.getByRole("link", { name: "李四有2次补学未完成" }).click();
  await expect(page).toHaveURL(/\/activities\/a-fx-\d+$/); // the March theme day, where 补学 is recorded
  await expect(page.locator("main")).toContainText("补学");
  await page.goBack();
  await waitForApp(page);
  await page.getByRole("link", { name: "张三已连续6个月未参加组织生活（党章第九条）" }).click();
  await expect(page).toHaveURL(`/stats?tab=members&year=${YEAR}&member=m-4`);
  const card = page.locator("#member-card");
  await expect(card).toContainText(`张三 ${YEAR}年参加组织生活情况`);
  await expect(card.locator(".member-owed li")).toHaveCount(15);
  await expect(page.locator('table.member-attendance tr[data-member="m-4"]')).toHaveClass(/ma-marked/);
  await shot(page, testInfo, "stats-02-member");

  // ---- 年度总结: what the page says
  await page.goto(`/stats?tab=summary&year=${YEAR}`);
  await waitForApp(page);
  const sentence = (await page.locator("#summary-sentence").textContent())!;
  expect(sentence).toMatch(/^全年共召开支部党员大会3次、支委会12次、党小组会23次，讲党课4次，开展主题党日12次，党员平均参会率\d+%。$/);
  const onScreen: Record<string, string[]> = {};
  for (const row of await page.locator("table.summary-table tbody tr").all()) {
    const kind = (await row.getAttribute("data-kind"))!;
    onScreen[kind] = (await row.locator("th, td").allTextContents()).map((s) => s.trim());
  }
  expect(onScreen["general_meeting"]).toEqual(["党员大会", "4", "3", expect.stringMatching(/%$/), "第三季度"]);
  expect(onScreen["group_meeting"].slice(0, 3)).toEqual(["党小组会", "24", "23"]);
  expect(onScreen["group_meeting"][4]).toBe("第二党小组：5月");
  await expect(page.locator(".chart-attendance rect.chart-bar")).toHaveCount(12);
  await expect(page.locator('.chart-held-required g[data-kind="general_meeting"]')).toContainText("3/4");
  await shot(page, testInfo, "stats-03-summary");

  // ---- 导出: JSON and CSV hold the same numbers
  await page.getByRole("link", { name: "导出", exact: true }).click();
  await expect(page).toHaveURL(`/stats?tab=export&year=${YEAR}`);
  const json = await download(page, "下载年度总结（JSON）");
  expect(json.name).toBe(`年度总结-${BRANCH}-${YEAR}年.json`);
  const doc = JSON.parse(json.text);
  expect(doc.format).toBe("zhibu-summary");
  expect(doc.version).toBe(2);
  expect(doc.year).toBe(YEAR);
  expect(doc.as_of).toBeNull();
  expect(doc.branch.name).toBe(BRANCH);
  expect(doc.sentence).toBe(sentence);
  const gm = doc.table.find((r: { kind: string }) => r.kind === "general_meeting");
  expect(gm).toMatchObject({ required: 4, held: 3, missed: ["第三季度"] });

  const table = await download(page, "统计表（CSV）");
  expect(table.name).toBe(`组织生活统计表-${BRANCH}-${YEAR}年.csv`);
  expect([...table.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const rows = parseCsv(table.text.replace(/^\uFEFF/, ""));
  expect(rows[0][0]).toBe(`${BRANCH}${YEAR}年度组织生活情况统计`);
  expect(rows[2]).toEqual(["类别", "要求次数", "实际开展", "平均参会率", "未完成期间"]);
  for (const r of doc.table) {
    const line = rows.find((x) => x[0] === r.label)!;
    expect(line, r.label).toBeTruthy();
    expect(line[1]).toBe(r.required === null ? "" : String(r.required));
    expect(line[2]).toBe(String(r.held));
    expect(line[3]).toBe(r.average_rate === null ? "" : `${r.average_rate}%`);
    // …and the page showed the same.
    expect(onScreen[r.kind][1]).toBe(r.required === null ? "—" : String(r.required));
    expect(onScreen[r.kind][2]).toBe(String(r.held));
  }
  expect(rows.find((x) => x[0] === "党员平均参会率")![1]).toBe(`${doc.totals.average_rate}%`);
  expect(rows.find((x) => x[0] === "总结")![1]).toBe(doc.sentence);

  const sheet = await download(page, "党员情况表（CSV）");
  const sheetRows = parseCsv(sheet.text.replace(/^\uFEFF/, ""));
  const head = sheetRows[1];
  const zhang = sheetRows.find((x) => x[0] === "张三")!;
  const zhangJson = doc.members.find((m: { name: string }) => m.name === "张三");
  expect(zhang[head.indexOf("应到")]).toBe(String(zhangJson.expected));
  expect(zhang[head.indexOf("缺席")]).toBe(String(zhangJson.absent));
  expect(zhang[head.indexOf("补学未完成")]).toBe("15");
  expect(zhangJson.make_up_owed).toBe(15);
  expect(zhang[head.indexOf("7月")]).toBe(zhangJson.months[6]);
  expect(zhangJson.months[6]).toMatch(/^缺席/);

  // The print layout has the same table.
  await page.getByRole("link", { name: "打印年度总结" }).click();
  await expect(page).toHaveURL(`/stats/print/${YEAR}`);
  await expect(page.locator(".summary-print h1")).toHaveText(`${BRANCH}${YEAR}年度组织生活情况总结`);
  await expect(page.locator('.summary-print table.summary-table tr[data-kind="general_meeting"] .st-held')).toHaveText("3");
  await shot(page, testInfo, "stats-04-print");

  // ---- 汇总: two branch files (the second one renamed) and a bad one; nothing local changes
  const second = JSON.parse(json.text);
  second.branch.name = "测试局第二党支部";
  await page.goto("/rollup");
  await waitForApp(page);
  await page.getByLabel("选择年度总结文件（可多选）").setInputFiles([
    { name: "一支部.json", mimeType: "application/json", buffer: Buffer.from(json.text) },
    { name: "二支部.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(second)) },
    { name: "坏文件.json", mimeType: "application/json", buffer: Buffer.from('{"format":"zhibu-backup","version":1}') },
  ]);
  const rollup = page.locator("table.rollup-table");
  await expect(rollup.locator("tbody tr")).toHaveCount(2);
  await expect(page.locator('.rollup-errors li[data-file="坏文件.json"]')).toContainText("这不是支部年度总结文件");
  await expect(rollup.locator(`tr[data-branch="${BRANCH}"] td[data-kind="general_meeting"]`)).toHaveText("3/4");
  const total = rollup.locator("tfoot tr");
  await expect(total).toContainText("合计（2个支部）");
  await expect(total.locator(".ru-expected")).toHaveText(String(2 * doc.totals.expected));
  await expect(total.locator(".ru-attended")).toHaveText(String(2 * doc.totals.attended));
  await expect(total.locator(".ru-rate")).toHaveText(`${doc.totals.average_rate}%`);
  await expect(total.locator('td[data-kind="general_meeting"]')).toHaveText("6/8"); // over both branches
  await shot(page, testInfo, "stats-05-rollup");

  // Read-only: the local branch is untouched, and the roll-up is gone after leaving the page.
  await page.reload();
  await waitForApp(page);
  await expect(page.locator(".topbar .branch-name")).toHaveText(BRANCH);
  await expect(page.locator("table.rollup-table")).toHaveCount(0);
  await page.goto(`/stats?tab=summary&year=${YEAR}`);
  await waitForApp(page);
  await expect(page.locator("#summary-sentence")).toHaveText(sentence);
});

test("rules: the source stays visible; edit with checks, switch off, add, restore defaults", async ({ page }, testInfo) => {
  await importFixture(page);
  await page.goto("/rules");
  await waitForApp(page);
  const gm = page.locator('li.rule-card[data-rule="general_meeting_quarterly"]');
  await expect(gm.locator(".rule-source")).toContainText("第十一条");
  await expect(page.locator("li.rule-card .rule-source")).toHaveCount(10);
  // The 民主评议 优秀 limit is a rule too, with its source.
  await expect(page.locator('li.rule-card[data-rule="member_review_excellent_share"] .rule-title')).toHaveText(
    "民主评议 评定为优秀的不超过参评正式党员的1/3",
  );

  // An invalid minimum is refused next to the field; nothing is saved.
  await gm.getByRole("button", { name: /^修改/ }).click();
  const form = gm.locator("form.rule-form");
  await form.getByLabel("至少").fill("1.5");
  await form.getByRole("button", { name: "保存规则" }).click();
  await expect(form.locator(".field-error").filter({ hasText: "次数应为整数" })).toBeVisible();
  await form.getByLabel("至少").fill("0");
  await form.getByRole("button", { name: "保存规则" }).click();
  await expect(form.locator(".field-error").filter({ hasText: "要求的数量应大于0" })).toBeVisible();
  await expect(page.locator(".rules-state")).toHaveText("当前使用：默认规则。");
  // A valid one is saved: every quarter now needs two.
  await form.getByLabel("至少").fill("2");
  await form.getByRole("button", { name: "保存规则" }).click();
  await expect(page.locator("main .alert-ok")).toContainText("已保存：党员大会 每季度至少2次");
  await expect(gm.locator(".rule-title")).toHaveText("党员大会 每季度至少2次");
  await expect(page.locator(".rules-state")).toHaveText("当前使用：按本单位要求调整后的规则。");

  // Switch off 组织生活会: its cell and alert disappear from the check.
  await page.locator('li.rule-card[data-rule="org_life_meeting_yearly"]').getByLabel("启用").uncheck();
  await expect(page.locator("main .alert-ok")).toContainText("已关闭：组织生活会 每年至少1次");

  // Add a local rule: 集中学习 monthly.
  await page.getByRole("button", { name: "添加规则" }).click();
  const add = page.locator("form.rule-form");
  await add.getByLabel("检查什么").selectOption({ label: "集中学习（次数）" });
  await add.getByLabel("依据（原文）").fill("本单位要求：每月至少组织1次集中学习");
  await add.getByRole("button", { name: "保存规则" }).click();
  await expect(page.locator("main .alert-ok")).toContainText("已添加：集中学习 每月至少1次");
  await shot(page, testInfo, "stats-06-rules");

  // The check follows the rules, also after a reload (stored with the data).
  await page.goto(`/stats?year=${YEAR}`);
  await waitForApp(page);
  await expect(cell(page, "general_meeting_quarterly", 1)).toHaveAttribute("data-status", "missed");
  await expect(page.locator('tr[data-rule="org_life_meeting_yearly"]')).toHaveCount(0);
  await expect(page.locator('tr[data-rule^="local-group_study"] td[data-status="missed"]')).toHaveCount(12);

  // Restore the defaults.
  await page.goto("/rules");
  await waitForApp(page);
  await page.getByRole("button", { name: "全部恢复默认" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "恢复默认" }).click();
  await expect(page.locator("main .alert-ok")).toContainText("已恢复为默认规则");
  await expect(page.locator("li.rule-card")).toHaveCount(10);
  await expect(page.locator('li.rule-card[data-rule="general_meeting_quarterly"] .rule-title')).toHaveText(
    "党员大会 每季度至少1次",
  );
});
