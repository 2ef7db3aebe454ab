// 民主评议党员 and 组织生活会 in substance (#18). A 30-member branch (a backup built here and imported through the
// 数据 page): record a 民主评议党员, rate all 30 from pasted tallies, 11 优秀 → the Chinese warning about the 1/3
// limit, which never blocks the save and loses nothing typed; a bad pasted line gives its Chinese message and
// changes nothing; 整改 items with due dates; after a reload the record page and the printed record show it
// all. A second test records a 组织生活会: 对照检查, the 谈心谈话 coverage, the 整改清单.
import type { Page } from "@playwright/test";
import { test, expect, waitForApp, shot, importBackupText } from "./helpers";

test.describe.configure({ timeout: 120_000 });

const BRANCH = "评议测试党支部";
const NAMES = [
  "王建国", "李红梅", "张志强", "刘海燕", "陈晓东", "杨丽娟", "赵文博", "黄秀英", "周明辉", "吴桂兰",
  "徐振华", "孙玉洁", "胡志刚", "朱春燕", "高立新", "林美玲", "何建军", "郭淑芬", "马国庆", "罗晓红",
  "梁永胜", "宋雅琴", "郑天明", "谢凤霞", "韩德胜", "唐丽萍", "冯志远", "于海霞", "董建平", "萧雨婷",
];

/** The fixture: 30 full members, a secretary and an organisation member, no records. */
function fixtureBackup(): string {
  const members = NAMES.map((name, i) => ({
    id: `m-${String(i + 1).padStart(2, "0")}`,
    name,
    kind: "full",
    party_joined: "2010-07-01",
    joined_branch: "2020-01-01",
  }));
  return JSON.stringify({
    format: "zhibu-backup",
    version: 1,
    exported_at: "2026-01-05T10:00:00+08:00",
    app_version: "0.1.0",
    data: {
      branch: {
        name: BRANCH,
        parent_org: "测试机关党委",
        committee: [
          { role: "secretary", member: "m-01" },
          { role: "organization", member: "m-02" },
        ],
      },
      groups: [],
      members,
      activities: [],
      study_items: [],
    },
  });
}

async function importFixture(page: Page): Promise<void> {
  await importBackupText(page, "review-fixture.json", fixtureBackup(), BRANCH);
}

/** The page is no wider than the window (wide tables scroll inside their own boxes). */
async function noSidewaysScroll(page: Page): Promise<void> {
  const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  expect(scroll, "page width").toBeLessThanOrEqual(client);
}

/** `iso` plus `days`, as YYYY-MM-DD. */
function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

test("民主评议党员: 30 members rated from pasted tallies, the 优秀 warning, 整改 items, the record page", async ({ page }, testInfo) => {
  await importFixture(page);
  await page.goto("/activities/new?kind=member_review");
  await waitForApp(page);
  await expect(page.locator("h1")).toContainText("记一次活动：民主评议党员");
  const day = await page.locator("#af-date").inputValue();
  await page.locator("#af-theme").fill("2026年度民主评议党员");

  // ---- the list: everyone who takes part ----
  await page.locator("#rv-start").click();
  const rows = page.locator(".review-table tbody tr");
  await expect(rows).toHaveCount(30);
  await expect(page.getByTestId("review-summary")).toHaveText("参评30人；未评定30人");

  // ---- pasted tallies: 11 优秀, 19 合格 ----
  await page.locator("#rv-paste-open").click();
  const lines = ["姓名\t优秀\t合格\t基本合格\t不合格\t等次"];
  NAMES.forEach((name, i) => lines.push(i < 11 ? `${name}\t20\t9\t1\t0\t优秀` : `${name}\t6\t22\t2\t0\t合格`));
  await page.locator("#rv-paste").fill(lines.join("\n"));
  await page.locator("#rv-paste-apply").click();
  await expect(page.locator(".paste-result")).toContainText("已填入30人的票数。");
  await expect(page.getByTestId("review-summary")).toHaveText("参评30人：优秀11人、合格19人");

  // The warning (never blocking), above the table.
  const warnings = page.locator(".review-warnings[role=status]");
  await expect(warnings).toContainText("评定为优秀的有11人，超过参评正式党员30人的1/3（最多10人）");
  const first = rows.filter({ hasText: NAMES[0] });
  await expect(first.locator("input.count-input").first()).toHaveValue("20");
  await expect(first.locator("select.review-rating")).toHaveValue("excellent");

  // ---- a bad pasted line: its Chinese message, nothing changed ----
  await expect(page.locator("#rv-paste")).toHaveValue(""); // cleared after a paste read whole
  await page.locator("#rv-paste").fill(`不在名单的人\t1\t2\t3\t4\n${NAMES[0]}\t1\tx\t0\t0`);
  await page.locator("#rv-paste-apply").click();
  const problems = page.locator(".paste-result .alert-error");
  await expect(problems).toContainText("第1行：“不在名单的人”不在参评名单中");
  await expect(problems).toContainText(`第2行：${NAMES[0]}的票数应为4个非负整数`);
  await expect(page.locator(".paste-result")).toContainText("已填入0人的票数。");
  await expect(first.locator("input.count-input").first()).toHaveValue("20");
  await expect(page.getByTestId("review-summary")).toHaveText("参评30人：优秀11人、合格19人");

  // One 基本合格 typed by hand, with a remark.
  const last = rows.filter({ hasText: NAMES[29] });
  await last.locator("select.review-rating").selectOption("basically_qualified");
  await expect(page.getByTestId("review-summary")).toHaveText("参评30人：优秀11人、合格18人、基本合格1人");

  // ---- the 整改清单: two items ----
  await page.locator("#rc-add").click();
  await page.locator("#rc-r1-problem").fill("理论学习不够系统");
  await page.locator("#rc-r1-measure").fill("制定个人学习计划，每月交流一次");
  await page.locator("#rc-r1-owner").selectOption("m-01");
  await page.locator("#rc-r1-due").fill(addDays(day, 60));
  await page.locator("#rc-add").click();
  await page.locator("#rc-r2-problem").fill("联系群众不够紧密");
  await page.locator("#rc-r2-due").fill(addDays(day, 7));
  const states = page.locator(".rect-item [data-testid=rect-state]");
  await expect(states).toHaveText(["整改中", "即将到期"]);
  await noSidewaysScroll(page);
  await shot(page, testInfo, "review-01-form");

  // ---- save: the warning does not block it ----
  await page.locator("#af-save").click();
  await expect(page).toHaveURL(/\/activities\/a-[0-9a-z_-]+\?saved=1$/);
  const url = new URL(page.url());
  const id = url.pathname.split("/").pop()!;

  // ---- reload: everything on the record page ----
  await page.goto(`/activities/${id}`);
  await waitForApp(page);
  const record = page.locator(".org-life-record");
  await expect(record.getByTestId("review-result")).toHaveText("民主评议结果　参评30人：优秀11人、合格18人、基本合格1人");
  await expect(record.locator(".olr-review tbody tr")).toHaveCount(30);
  // Rows in the branch's name order (姓氏笔画).
  const row0 = record.locator(`.olr-review tbody tr[data-member="${NAMES[0]}"]`);
  await expect(row0.locator("td")).toHaveText(["20", "9", "1", "0", "优秀", ""]);
  await expect(record.locator(".olr-items tbody tr")).toHaveCount(2);
  await expect(record.locator(".olr-items tbody tr").first()).toContainText("理论学习不够系统");
  await expect(record.locator(".olr-items tbody tr").first()).toContainText(NAMES[0]);
  await expect(record.locator(".olr-items tbody tr").nth(1)).toContainText("支部委员会");
  await expect(record.locator(".olr-items [data-testid=rect-state]")).toHaveText(["整改中", "即将到期"]);
  await noSidewaysScroll(page);
  await shot(page, testInfo, "review-02-record");

  // ---- nothing typed was lost: the form opens with it ----
  await page.locator("#rv-edit").click();
  await expect(page.locator(".review-table tbody tr")).toHaveCount(30);
  const editFirst = page.locator(".review-table tbody tr").filter({ hasText: NAMES[0] });
  await expect(editFirst.locator("input.count-input").first()).toHaveValue("20");
  await expect(editFirst.locator("input.count-input").nth(1)).toHaveValue("9");
  await expect(page.locator(".review-table tbody tr").filter({ hasText: NAMES[29] }).locator("select.review-rating")).toHaveValue(
    "basically_qualified",
  );
  await expect(page.locator(".review-warnings")).toContainText("最多10人");
  await expect(page.locator("#rc-r2-problem")).toHaveValue("联系群众不够紧密");

  // ---- the printed record ----
  await page.goto(`/print/${id}`);
  await waitForApp(page);
  await expect(page.locator(".print-book .org-life-record [data-testid=review-result]")).toContainText("优秀11人");
  await expect(page.locator(".print-book .olr-items tbody tr")).toHaveCount(2);
  await shot(page, testInfo, "review-03-print");

  // ---- and in the year's record book ----
  await page.goto(`/print/year/${day.slice(0, 4)}`);
  await waitForApp(page);
  await expect(page.locator(".print-book .book-record .olr-review tbody tr")).toHaveCount(30);
  await expect(page.locator(".print-book .book-record .olr-items tbody tr")).toHaveCount(2);
});

test("组织生活会: 对照检查, 谈心谈话 coverage, a closed 整改 item", async ({ page }, testInfo) => {
  await importFixture(page);
  await page.goto("/activities/new?kind=org_life_meeting");
  await waitForApp(page);
  await expect(page.locator("h1")).toContainText("组织生活会");
  const day = await page.locator("#af-date").inputValue();

  // No 谈心谈话 recorded: the committee pair and every member are missing, by name.
  const coverage = page.locator(".talk-coverage");
  await expect(coverage.getByTestId("talk-missing")).toContainText(`支委之间未谈：${NAMES[0]}—${NAMES[1]}`);
  await expect(coverage.getByRole("link", { name: "记一次谈心谈话" })).toHaveAttribute("href", "/activities/new?kind=heart_talk");

  // 对照检查 for two members.
  await page.locator("#ex-add").selectOption({ label: NAMES[2] });
  await page.locator("#ex-add-one").click();
  await page.locator("#ex-add").selectOption({ label: NAMES[3] });
  await page.locator("#ex-add-one").click();
  await page.locator("#ex-m-03-points").fill("学习不够深入");
  await page.locator("#ex-m-03-criticism").fill("工作中主动性不强");
  await page.locator("#ex-m-04-points").fill("服务意识有差距");

  // A 整改 item without a problem refuses the save with the message of the list.
  await page.locator("#rc-add").click();
  await page.locator("#af-save").click();
  await expect(page.locator("#af-rectifications-err")).toHaveText("请填写存在问题");
  await expect(page.locator("#rc-r1-problem")).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#rc-r1-problem")).toBeFocused();
  await page.locator("#rc-r1-problem").fill("会前准备不充分");
  await page.locator("#rc-r1-closed").fill(day);
  await expect(page.locator(".rect-item [data-testid=rect-state]")).toHaveText("已完成");
  await noSidewaysScroll(page);
  await shot(page, testInfo, "review-04-org-life-form");
  await page.locator("#af-save").click();
  await expect(page).toHaveURL(/\/activities\/a-[0-9a-z_-]+\?saved=1$/);

  await page.reload();
  await waitForApp(page);
  const exams = page.locator(".org-life-record .olr-exams li");
  await expect(exams).toHaveCount(2);
  await expect(exams.filter({ hasText: NAMES[2] })).toHaveText(`${NAMES[2]}：学习不够深入（批评意见：工作中主动性不强）`);
  await expect(page.locator(".org-life-record .olr-items [data-testid=rect-state]")).toHaveText("已完成");
  await expect(page.locator(".org-life-record .olr-items tbody tr")).toContainText(`${day.slice(0, 4)}年`);
  await expect(page.locator(".talk-coverage")).toContainText("支委之间未谈");
  await shot(page, testInfo, "review-05-org-life-record");
});
