// Word files (.docx): every 下载 Word button downloads a file that an independent reader opens — python-docx
// (PyPI, in target/word-venv from scripts/setup.sh), through scripts/docx_check.py — with the text, the
// tables (cells per row) and the sections (portrait or landscape, margins, running header) the page shows;
// names and texts typed with markup, quotes, emoji and 10,000 characters come out as text; the format
// choice changes the margins and is kept; and the writer's chunk is fetched only when a Word file is asked
// for, never on the first load.
import type { Locator, Page, TestInfo } from "@playwright/test";
import { test, expect, openApp, waitForApp, shot } from "./helpers";
import { downloadWord, readDocx } from "./docx";

const BRANCH = "示范单位机关第一党支部";
const YEAR = new Date().getFullYear();

/** Loads the demo branch into the empty database of this test's browser context. */
async function loadDemo(page: Page): Promise<void> {
  await openApp(page, "/?demo=1");
  await expect(page.locator(".topbar .branch-name")).toContainText("党支部", { timeout: 15_000 });
}

/** A record (id, title as the page shows it) from this year's ledger. */
async function firstRecord(page: Page): Promise<{ href: string }> {
  await page.goto(`/activities?year=${YEAR}`);
  await waitForApp(page);
  const link = page.locator("main tr.ledger-row").filter({ hasText: "已开展" }).first().locator("a.ledger-theme");
  return { href: (await link.getAttribute("href"))! };
}

test.describe.configure({ timeout: 180_000 });

// What a file holds does not depend on the window's width: those journeys run at desktop width; the format
// choice and a failed fetch (what the user sees beside the button) also at 390 px.
const desktopOnly = (testInfo: TestInfo) =>
  test.skip(testInfo.project.name !== "desktop", "desktop only: the files do not depend on the width");

test("every Word button gives a file python-docx reads, with the page's text, tables and sections", async ({
  page,
}, testInfo) => {
  desktopOnly(testInfo);
  await loadDemo(page);
  const packs: string[] = [];
  page.on("request", (r) => {
    const path = new URL(r.url()).pathname;
    if (/\/pack-[^/]*\.bin$/.test(path)) packs.push(path);
  });
  const files: Record<string, { name: string; path: string }> = {};

  // One record, from its page.
  const { href } = await firstRecord(page);
  await page.goto(href);
  await waitForApp(page);
  const sheet = page.locator(".record-sheet");
  await expect(sheet).toBeVisible();
  const recordTheme = ((await sheet.locator(".rec-theme").textContent()) ?? "").trim();
  const recordWhen = ((await sheet.locator("table.record-grid tr").first().locator("td").textContent()) ?? "").trim();
  const packsBefore = packs.length;
  files.record = await downloadWord(page, testInfo, page.locator("#rv-word"), "record");
  // The first Word file fetched the writer's code: a pack the record page had not needed.
  expect(packs.length, `packs fetched for the Word file: ${packs.slice(packsBefore).join(", ")}`).toBeGreaterThan(
    packsBefore,
  );
  await shot(page, testInfo, "word-01-record-page");

  // The year's book, from the ledger.
  await page.goto(`/activities?year=${YEAR}`);
  await waitForApp(page);
  files.book = await downloadWord(page, testInfo, page.locator("#ledger-word"), "book");

  // The annual summary, from 统计 → 导出.
  await page.goto(`/stats?tab=summary&year=${YEAR}`);
  await waitForApp(page);
  const sentence = ((await page.locator("#summary-sentence").textContent()) ?? "").trim();
  expect(sentence).toContain("全年共");
  await page.goto(`/stats?tab=export&year=${YEAR}`);
  await waitForApp(page);
  files.summary = await downloadWord(page, testInfo, page.locator("#se-word"), "summary");
  await shot(page, testInfo, "word-02-summary-export");

  // The 学习计划表 and the 年度计划.
  await page.goto(`/study?year=${YEAR}`);
  await waitForApp(page);
  const studyRows = await page.locator("main table.study-plan tbody tr").count();
  expect(studyRows).toBeGreaterThan(0);
  files.study = await downloadWord(page, testInfo, page.locator("#st-word"), "study-plan");
  await page.goto(`/study?year=${YEAR}&tab=plan`);
  await waitForApp(page);
  files.plan = await downloadWord(page, testInfo, page.locator("#plan-word"), "year-plan");

  // The 党员名册.
  await page.goto("/members?tab=roster");
  await waitForApp(page);
  const summaryLine = (await page.locator(".roster-summary").textContent()) ?? "";
  const people = Number(summaryLine.match(/显示 (\d+) 人/)![1]);
  const firstName = ((await page.locator("main .roster tbody tr .member-name").first().textContent()) ?? "").trim();
  files.roster = await downloadWord(page, testInfo, page.locator("#roster-word"), "roster");
  await shot(page, testInfo, "word-03-roster");

  expect(files.record.name).toMatch(new RegExp(`^.+记录-${BRANCH}-${YEAR}-\\d\\d-\\d\\d\\.docx$`));
  expect(files.book.name).toBe(`三会一课记录本-${BRANCH}-${YEAR}年.docx`);
  expect(files.summary.name).toBe(`年度总结-${BRANCH}-${YEAR}年.docx`);
  expect(files.study.name).toBe(`学习计划表-${BRANCH}-${YEAR}年.docx`);
  expect(files.plan.name).toBe(`年度计划-${BRANCH}-${YEAR}年.docx`);
  expect(files.roster.name).toMatch(new RegExp(`^党员名册-${BRANCH}-${YEAR}-\\d\\d-\\d\\d\\.docx$`));

  const [record, book, summary, study, plan, roster] = readDocx(
    ["record", "book", "summary", "study", "plan", "roster"].map((k) => files[k].path),
  );

  // Every file: the parts Word needs; A4.
  for (const f of [record, book, summary, study, plan, roster]) {
    for (const part of ["[Content_Types].xml", "word/document.xml", "word/styles.xml", "word/fontTable.xml"]) {
      expect(f.parts, f.file).toContain(part);
    }
    for (const s of f.sections) {
      expect([s.width_mm, s.height_mm].sort(), f.file).toEqual([210, 297]);
    }
  }

  // The record: the page's lines, the grid of label and value (two cells, or four for 主持人/记录人).
  expect(record.text).toContain(`${BRANCH} `);
  expect(record.text).toContain("记录");
  expect(record.text).toContain(recordTheme);
  expect(record.text).toContain(recordWhen);
  for (const label of ["时间", "地点", "主持人", "记录人", "出勤", "出席", "请假", "缺席", "议题", "决议", "补学"]) {
    expect(record.text).toContain(label);
  }
  expect(record.text).toContain("主持人签字：");
  expect(record.tables).toHaveLength(1);
  expect(new Set(record.tables[0].cells)).toEqual(new Set([2, 4]));
  expect(record.sections).toHaveLength(1);
  expect(record.sections[0]).toMatchObject({ landscape: false, top_mm: 37, left_mm: 28 });
  expect(record.sections[0].header).toContain(BRANCH);

  // The book: a cover without header, the contents (six cells a row), then one grid per record.
  expect(book.sections).toHaveLength(1);
  expect(book.sections[0].different_first_page).toBe(true);
  expect(book.sections[0].header).toContain(`${YEAR}年 三会一课记录本`);
  expect(book.text).toContain("三会一课记录本");
  expect(book.text).toContain("卷内目录");
  const contents = book.tables[1];
  expect(contents.header).toEqual(["序号", "日期", "类别", "本年次数", "主题 / 题目", "页号"]);
  expect(new Set(contents.cells)).toEqual(new Set([6]));
  const records = contents.rows - 1;
  expect(records).toBeGreaterThan(10);
  expect(book.tables).toHaveLength(2 + records);
  for (const t of book.tables.slice(2)) expect(new Set(t.cells)).toEqual(new Set([2, 4]));
  expect(book.text).toContain(recordTheme);

  // The summary: the page's sentence, the tables per kind (5 cells), activities (7), and on a landscape page
  // the per-member figures and the month sheet (13 each).
  expect(summary.text).toContain(`${YEAR}年度组织生活情况总结`);
  expect(summary.text).toContain(sentence);
  for (const h of ["一、总体情况", "二、组织生活情况统计表", "三、全年组织生活一览"]) expect(summary.text).toContain(h);
  expect(summary.text).toMatch(/学习计划\d+项，已完成\d+项/);
  // The member table has 14 columns (the last the 民主评议 等次), the month sheet 13.
  expect(summary.tables.map((t) => [...new Set(t.cells)])).toEqual([[5], [7], [14], [13]]);
  expect(summary.tables[2].header[13]).toBe("评议等次");
  expect(summary.tables[3].header).toEqual(["姓名", ...Array.from({ length: 12 }, (_, i) => `${i + 1}月`)]);
  expect(summary.sections.map((s) => s.landscape)).toEqual([false, true]);

  // The study plan: one row per item on the page, eight cells; landscape.
  expect(study.tables).toHaveLength(1);
  expect(study.tables[0].rows).toBe(studyRows + 1);
  expect(new Set(study.tables[0].cells)).toEqual(new Set([8]));
  expect(study.sections[0].landscape).toBe(true);

  // The year plan: month rows (one cell) and entries (seven cells); landscape; no heart talks.
  expect(plan.tables[0].header).toEqual(["日期", "时间", "活动", "主题 / 内容", "地点", "授课人", "状态"]);
  expect(new Set(plan.tables[0].cells)).toEqual(new Set([7, 1]));
  expect(plan.text).toContain("1月");
  expect(plan.text).not.toContain("谈心谈话");
  expect(plan.sections[0].landscape).toBe(true);

  // The roster: everyone the page lists, ten cells a row; landscape.
  expect(roster.tables[0].rows).toBe(people + 1);
  expect(new Set(roster.tables[0].cells)).toEqual(new Set([10]));
  expect(roster.text).toContain(firstName);
  expect(roster.text).toContain(`共${people}人`);
  expect(roster.sections[0].landscape).toBe(true);
});

test("text typed with markup, quotes, emoji and 10,000 characters comes out as text", async ({ page }, testInfo) => {
  desktopOnly(testInfo);
  await loadDemo(page);
  const BRANCH_NAME = `<w:t>&amp;"引号"'x'🎉{{主题}}党支部`;
  const MEMBER = `张<三>&"'😀`;
  const THEME = `<script>alert(1)</script> { DDEAUTO c:\\x "/k calc" } =cmd|' /C calc'!A0 ]]>`;
  const unit = "学习贯彻<讨论>&“交流”\t🎉'\"。";
  let content = "";
  for (let i = 0; content.length < 10_000; i++) content += unit + (i % 12 === 11 ? "\n" : "");

  await page.goto("/members?tab=branch");
  await waitForApp(page);
  await page.getByLabel("支部名称").fill(BRANCH_NAME);
  await page.getByRole("button", { name: "保存支部信息" }).click();
  await expect(page.getByRole("status").filter({ hasText: "已保存" })).toBeVisible();

  await page.goto("/members?tab=roster");
  await waitForApp(page);
  await page.getByRole("button", { name: "添加人员" }).click();
  const form = page.locator("form.member-form");
  await form.getByLabel("姓名").fill(MEMBER);
  await form.getByLabel("入党日期").fill("2010-05-04");
  await form.getByLabel("转入本支部日期").fill("2010-05-04");
  await form.getByRole("button", { name: "保存" }).click();
  await expect(page.locator("main .alert-ok")).toContainText("已添加");

  const { href } = await firstRecord(page);
  await page.goto(`${href}/edit`);
  await waitForApp(page);
  await page.locator("#af-theme").fill(THEME);
  await page.locator("#af-content").fill(content);
  await page.locator("#af-save").click();
  await expect(page).toHaveURL(/\?saved=1$/);
  await waitForApp(page);

  const record = await downloadWord(page, testInfo, page.locator("#rv-word"), "hostile-record");
  await page.goto(`/activities?year=${YEAR}`);
  await waitForApp(page);
  const book = await downloadWord(page, testInfo, page.locator("#ledger-word"), "hostile-book");
  await page.goto("/members?tab=roster");
  await waitForApp(page);
  const roster = await downloadWord(page, testInfo, page.locator("#roster-word"), "hostile-roster");
  await shot(page, testInfo, "word-04-hostile-roster");

  // The file names keep the branch's name, less what file names cannot hold.
  expect(record.name).not.toMatch(/[<>"/\\:*?|]/);
  expect(book.name).toBe(`三会一课记录本-_w_t_&amp;_引号_'x'🎉{{主题}}党支部-${YEAR}年.docx`);

  const [r, b, m] = readDocx([record.path, book.path, roster.path]);
  expect(r.sections[0].header).toContain(BRANCH_NAME);
  expect(r.text).toContain(BRANCH_NAME);
  expect(r.text).toContain(THEME);
  // Every line of the content, tabs and all (each line its own paragraph in the cell).
  for (const line of content.split("\n")) expect(r.text).toContain(line);
  expect(r.title).toContain(BRANCH_NAME);
  expect(b.text).toContain(THEME);
  expect(b.sections[0].header).toContain(BRANCH_NAME);
  expect(m.text).toContain(MEMBER);
  expect(m.text).toContain(BRANCH_NAME);
});

test("the format choice changes the page and is kept for the next file", async ({ page }, testInfo) => {
  await loadDemo(page);
  await page.goto(`/stats?tab=export&year=${YEAR}`);
  await waitForApp(page);
  const choice = page.locator(".word-format").first();
  await expect(choice.locator("summary")).toHaveText("Word 格式：公文版式（GB/T 9704），公文字体");
  const gb = await downloadWord(page, testInfo, page.locator("#se-word"), "format-gb");
  await choice.locator("summary").click();
  await choice.getByLabel("页面").selectOption({ value: "plain" });
  await choice.getByLabel("字体").selectOption({ value: "common" });
  await expect(choice.locator("summary")).toHaveText("Word 格式：常规版式，常见字体");
  await shot(page, testInfo, "word-05-format");
  const plain = await downloadWord(page, testInfo, page.locator("#se-word"), "format-plain");
  const [g, p] = readDocx([gb.path, plain.path]);
  // GB/T 9704: top 37 mm, left 28 mm; Word's usual: 2.54 cm and 3.17 cm.
  expect([g.sections[0].top_mm, g.sections[0].left_mm]).toEqual([37, 28]);
  expect([p.sections[0].top_mm, p.sections[0].left_mm]).toEqual([25, 32]);
  expect(p.sections[1]).toMatchObject({ landscape: true, top_mm: 32, left_mm: 25 });
  // The fonts: the official ones by name, or the common ones.
  expect(g.fonts).toEqual(expect.arrayContaining(["方正小标宋简体", "仿宋_GB2312", "楷体_GB2312", "黑体"]));
  expect(p.fonts).toEqual(expect.arrayContaining(["宋体", "仿宋", "楷体", "黑体"]));
  expect(p.fonts.filter((f) => f.includes("GB2312") || f.includes("方正"))).toEqual([]);

  // Kept on this browser: after a reload, and on another page's button.
  await page.reload();
  await waitForApp(page);
  await expect(page.locator(".word-format summary").first()).toHaveText("Word 格式：常规版式，常见字体");
  await page.goto("/members?tab=roster");
  await waitForApp(page);
  const roster = await downloadWord(page, testInfo, page.locator("#roster-word"), "format-roster");
  const [m] = readDocx([roster.path]);
  expect(m.sections[0]).toMatchObject({ landscape: true, top_mm: 32, left_mm: 25 });
});

test.describe("when the Word chunk cannot be fetched", () => {
  // The chunk loader reports the refused fetch on the console; the service worker would serve the packs
  // from its cache, so it is blocked (as in chunks.spec.ts).
  test.use({ allowConsoleErrors: [/wasm|chunk|split|fetch|Failed to load|ERR_FAILED|net::/i], serviceWorkers: "block" });

  test("the Word writer is not fetched on the first load, and a failed fetch is a Chinese message", async ({
    page,
  }, testInfo) => {
    await loadDemo(page);
    await page.goto(`/stats?tab=export&year=${YEAR}`);
    await waitForApp(page);
    // Everything this page needs is loaded; from now on refuse any pack.
    let refused = 0;
    await page.route(/\/pack-[^/]*\.bin$/, (route) => {
      refused++;
      return route.abort("failed");
    });
    await page.locator("#se-word").click();
    const status = page.locator("#se-word").locator("xpath=..").locator(".word-status");
    await expect(status).toHaveAttribute("role", "alert");
    await expect(status).toContainText("这部分程序未能载入");
    expect(refused, "the Word chunk was not loaded with the page").toBeGreaterThan(0);
    await shot(page, testInfo, "word-06-chunk-failed");
    // With the network back, the same button works.
    await page.unroute(/\/pack-[^/]*\.bin$/);
    await downloadWord(page, testInfo, page.locator("#se-word"), "after-failure");
  });
});
