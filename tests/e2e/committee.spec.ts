// 汇总 for the committee above (党委/党总支), reading the branches' own databases live: 20 demo branches on the
// couch server (tests/e2e/committee.ts; some behind in known ways), a database the committee may not read
// (403), one with a hostile document. The table shows exactly the known gaps; a record added on a branch
// device appears after a sync; a branch user cannot read another branch's database; the committee's account
// cannot write; the server going away is one message. The heavy tests run in the desktop project only; the
// phone project checks the page at 390 px with three branches.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "@playwright/test";
import { ARTIFACTS, test, expect, openApp, shot } from "./helpers";
import { downloadWord, readDocx } from "./docx";
import {
  ACCESS_FUNCTION,
  PROXY_URL,
  couchUrl,
  createUser,
  login,
  pouchRemote,
  provisionBranch,
  proxyControl,
  proxyLog,
  putRaw,
  sessionCookie,
  type User,
} from "./couch";
import { branchRole, committeeFixture, putBranches, type Branch, type Fixture } from "./committee";

test.describe.configure({ mode: "serial", timeout: 180_000 });
const NETWORK_ERRORS = [/Failed to load resource|ERR_INTERNET_DISCONNECTED|ERR_EMPTY_RESPONSE|ERR_CONNECTION|ERR_FAILED/];
// No service worker: the server going away is simulated with page.route, which does not see requests a service
// worker makes (the app's passes /couchdb/ through; nothing else here depends on it).
test.use({ allowConsoleErrors: NETWORK_ERRORS, serviceWorkers: "block" });

const PASSWORD = "committee-pw";
/** A database whose `_security` leaves the committee out. */
const CLOSED_DB = "zhibu_closed";
/** The branch that gets a hostile document. */
const HOSTILE = 17;

let fixture: Fixture;
let committee: User;
let branchUser: User;

const db = (i: number) => fixture.branches[i - 1].db;
const row = (page: Page, dbName: string) => page.locator(`table.rollup-table tbody tr[data-source="db:${dbName}"]`);

/** Logs the page's context in as `user` (the session cookie the app's own login would get). */
async function loggedIn(page: Page, user: User) {
  await page.context().addCookies([
    { name: "AuthSession", value: await sessionCookie(user), url: PROXY_URL.replace(/\/couchdb$/, "/") },
  ]);
}

/** Opens 汇总 for `year`, types the list of databases and saves it; the page then reads them all. */
async function openWithList(page: Page, list: string[], year: number) {
  await openApp(page, `/rollup?year=${year}`);
  await page.getByLabel("支部数据库列表").fill(list.join("\n"));
  await page.getByRole("button", { name: "保存列表" }).click();
  await expect(page.locator(".cm-who")).toContainText("已登录");
}

/** The number of runs finished on the page so far. */
const runs = async (page: Page) => Number((await page.locator(".cm-progress").getAttribute("data-run")) ?? 0);

/** Waits until the page has finished `n` runs (by default its first). */
async function synced(page: Page, n = 1) {
  await expect(page.locator(".cm-progress")).toHaveAttribute("data-run", String(n), { timeout: 120_000 });
  await expect(page.locator(".cm-progress")).toContainText("同步完成");
}

/** Clicks 同步全部 and waits for that run to finish. */
async function syncAgain(page: Page) {
  const before = await runs(page);
  await page.locator("#cm-sync").click();
  await synced(page, before + 1);
}

/** Asserts that a branch's row shows exactly its known figures and gaps. */
async function expectRow(page: Page, b: Branch) {
  const r = row(page, b.db);
  await expect(r).toHaveAttribute("data-state", "done");
  await expect(r.locator("th")).toContainText(b.name);
  for (const [kind, held] of Object.entries(b.held)) {
    const cell = r.locator(`td[data-kind="${kind}"]`);
    await expect(cell, `${b.db} ${kind}`).toHaveText(held);
    const missed = b.gaps[kind];
    if (missed) {
      await expect(cell, `${b.db} ${kind} short`).toHaveClass(/ru-short/);
      await expect(cell).toHaveAttribute("data-missed", missed.join("、"));
    } else {
      await expect(cell, `${b.db} ${kind} not short`).not.toHaveClass(/ru-short/);
    }
  }
  const missedCount = Object.values(b.gaps).reduce((n, m) => n + m.length, 0);
  await expect(r.locator(".ru-missed")).toHaveText(String(missedCount));
  await expect(r.locator(".ru-alerts")).toHaveText(String(b.alerts));
  await expect(r.locator(".ru-last")).toHaveText(b.last_record ?? "—");
}

test.describe("desktop", () => {
  test.skip(({ isMobile }) => isMobile, "heavy: the desktop project only");

  test.beforeAll(async ({}, testInfo) => {
    if (testInfo.project.name !== "desktop") return;
    test.setTimeout(600_000);
    fixture = committeeFixture(20);
    await putBranches(couchUrl(), fixture.branches, ACCESS_FUNCTION);
    // A database the committee may not read, and a hostile document in one branch's.
    await provisionBranch(CLOSED_DB, { security: { members: { names: [], roles: ["branch_someone_else"] } } });
    await putRaw(db(HOSTILE), { _id: "member:m-evil", type: "member", id: "m-evil", name: ["<script>"], kind: "full" });
    committee = await createUser("committee-e2e", PASSWORD, ["committee"]);
    branchUser = await createUser("branch-b003", "branch-pw", [branchRole(db(3)), "writer"]);
  });

  test("login: a wrong password is refused in Chinese; the right one logs in, nothing is kept but the list", async ({ page }) => {
    await openApp(page, "/rollup");
    await page.getByLabel("服务器路径").fill("/couchdb");
    await page.getByLabel("用户名").fill(committee.name);
    await page.getByLabel("密码").fill("wrong");
    await page.getByRole("button", { name: "登录", exact: true }).click();
    await expect(page.locator(".committee-sources .alert-error")).toContainText("用户名或密码不正确");
    await expect(page.getByLabel("密码")).toHaveValue("");
    await page.getByLabel("密码").fill(PASSWORD);
    await page.getByRole("button", { name: "登录", exact: true }).click();
    await expect(page.locator(".cm-who")).toContainText(`已登录：${committee.name}`);
    // The password is nowhere in the page's storage.
    const stored = await page.evaluate(async () => {
      const req = indexedDB.open("zhibu");
      const dbh: IDBDatabase = await new Promise((ok, no) => {
        req.onsuccess = () => ok(req.result);
        req.onerror = () => no(req.error);
      });
      const tx = dbh.transaction("meta", "readonly");
      const all = tx.objectStore("meta").getAll();
      return new Promise<string>((ok) => (all.onsuccess = () => ok(JSON.stringify(all.result))));
    });
    expect(stored).toContain(committee.name);
    expect(stored).not.toContain(PASSWORD);
  });

  test("20 branch databases: exactly the known gaps; a closed one and a hostile document reported, the rest shown", async ({ page }, testInfo) => {
    await loggedIn(page, committee);
    const list = [...fixture.branches.map((b) => b.db), CLOSED_DB];
    await proxyControl({ db: db(5), clearLog: true });
    await openWithList(page, list, fixture.year);
    // Rows appear as branches finish, before the whole run is over.
    await expect(page.locator('table.rollup-table tbody tr[data-state="done"]').first()).toBeVisible({ timeout: 60_000 });
    await synced(page);
    await expect(page.locator(".cm-progress")).toContainText(`${list.length} 个支部中 1 个未能读取`);

    for (const b of fixture.branches) await expectRow(page, b);
    // Every gap made, and no other: 8 branches behind, 12 not.
    const short = page.locator("table.rollup-table tbody td.ru-short");
    const gaps = fixture.branches.reduce((n, b) => n + Object.keys(b.gaps).length, 0);
    await expect(short).toHaveCount(gaps);
    // And in words under the table (a phone has no tooltip, paper neither).
    await expect(page.locator(".ru-gaps li")).toHaveCount(8);
    await expect(page.locator(`.ru-gaps li[data-source="db:${db(9)}"]`)).toHaveText(
      `${fixture.branches[8].name}：党小组会：${fixture.branches[8].gaps.group_meeting.join("、")}`,
    );
    expect(fixture.branches.filter((b) => Object.keys(b.gaps).length).length).toBe(8);

    // 403: that branch's row says so; the others still show.
    const closed = row(page, CLOSED_DB);
    await expect(closed).toHaveAttribute("data-state", "failed");
    await expect(closed).toContainText("无权读取该支部的数据库");
    await expect(closed).toContainText("HTTP 403");
    // The hostile document: set aside, named by its id; the branch's row is still there, unchanged.
    const hostile = row(page, db(HOSTILE));
    await expect(hostile.locator(".ru-set-aside")).toContainText("1 份文档未通过检查");
    await expect(hostile.locator(".ru-set-aside")).toContainText("member:m-evil");
    await expect(page.locator("table.rollup-table tfoot tr")).toContainText("合计（20个支部）");
    const gm = page.locator('table.rollup-table tfoot td[data-kind="general_meeting"]');
    await expect(gm).toHaveText(`${20 * 4 - 2}/${20 * 4}`);

    // The committee only read: no write of any kind reached a branch's database.
    const log = await proxyLog(db(5));
    expect(log.length).toBeGreaterThan(0);
    const writes = log.filter((e) => e.method === "PUT" || e.method === "DELETE" || /_bulk_docs|_local/.test(e.path));
    expect(writes).toEqual([]);
    await shot(page, testInfo, "committee-01-table");

    // CSV: the same gaps in words.
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#rollup-csv").click()]);
    const text = readFileSync(await download.path(), "utf8");
    const lines = text.replace(/^\uFEFF/, "").split("\r\n");
    const head = lines[1].split(",");
    const b6 = lines.find((l) => l.startsWith(fixture.branches[5].name))!.split(",");
    expect(b6[head.indexOf("未完成期间")]).toBe("支委会：3月、4月");
    expect(b6[head.indexOf("来源")]).toBe(`数据库：${db(6)}`);

    // Word: the same table, read by python-docx — a row per branch and the totals, the same gaps in words.
    const word = await downloadWord(page, testInfo, page.locator("#rollup-word"), "committee-rollup");
    expect(word.name).toMatch(/^各支部组织生活情况汇总-\d{8}\.docx$/);
    const [read] = readDocx([word.path]);
    expect(read.sections[0].landscape).toBe(true);
    expect(read.tables[0].rows).toBe(1 + 20 + 1);
    expect(read.tables[0].header.slice(0, 3)).toEqual(["支部", "党员大会", "支委会"]);
    expect(read.text).toContain(`${fixture.year}年度　数据来源：各支部数据库`);
    expect(read.text).toContain("共20个支部");
    expect(read.text).toContain("支委会：3月、4月");
    expect(read.text).toContain("合计（20个支部）");

    // A summary file beside the databases (a branch that hands in a file instead): one more row, one set of
    // totals; the file's own figures.
    const filed = fixture.branches[1];
    const fileDoc = JSON.parse(filed.summary_file);
    fileDoc.branch.name = "示范单位机关第021党支部";
    await page.getByLabel("选择年度总结文件（可多选）").setInputFiles([
      { name: "二十一支部.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(fileDoc)) },
    ]);
    const fileRow = page.locator('table.rollup-table tbody tr[data-source="file:二十一支部.json"]');
    for (const [kind, held] of Object.entries(filed.held)) {
      await expect(fileRow.locator(`td[data-kind="${kind}"]`)).toHaveText(held);
    }
    await expect(page.locator("table.rollup-table tfoot tr")).toContainText("合计（21个支部）");
    const [fileHeld, fileRequired] = filed.held.general_meeting.split("/").map(Number);
    await expect(gm).toHaveText(`${20 * 4 - 2 + fileHeld}/${20 * 4 + fileRequired}`);

    // 查看: the branch's grid and summary, read-only (no link into this device's own pages).
    await row(page, db(3)).getByRole("button", { name: /查看/ }).click();
    const detail = page.locator(".branch-detail");
    await expect(detail.locator("#bd-title")).toHaveText(`${fixture.branches[2].name}（${fixture.year}年）`);
    await expect(detail.locator('.compliance-grid tr[data-rule^="general_meeting"] td[data-slot="2"]')).toHaveAttribute(
      "data-status",
      "missed",
    );
    await expect(detail.locator('table.summary-table tr[data-kind="general_meeting"] .st-held')).toHaveText("3");
    await expect(detail.locator(".summary-activities tbody tr").first()).toBeVisible();
    await expect(detail.locator("a[href]")).toHaveCount(0);
    // Its first screens (the list of every activity below is long).
    await detail.scrollIntoViewIfNeeded();
    const box = (await detail.boundingBox())!;
    await page.screenshot({
      path: join(ARTIFACTS, testInfo.project.name, "committee-02-detail.png"),
      fullPage: true,
      clip: { x: box.x, y: box.y + (await page.evaluate(() => window.scrollY)), width: box.width, height: Math.min(box.height, 1800) },
    });

    // The print layout: the table, without the forms.
    await page.emulateMedia({ media: "print" });
    await expect(page.locator(".committee-sources")).toBeHidden();
    await expect(page.locator(".ru-print-head h1")).toHaveText(`各支部组织生活情况汇总（${fixture.year}年）`);
    await expect(page.locator("table.rollup-table")).toBeVisible();
    await shot(page, testInfo, "committee-03-print");
    await page.emulateMedia({ media: "screen" });
  });

  test("a record added on a branch device appears after a sync; the branch user and the committee are kept in their place", async ({ page }) => {
    await loggedIn(page, committee);
    const b3 = fixture.branches[2];
    await openWithList(page, [b3.db, db(4)], fixture.year);
    await synced(page);
    await expect(row(page, b3.db).locator('td[data-kind="general_meeting"]')).toHaveText("3/4");

    // The branch's secretary records the missing 党员大会 on their device (PouchDB, through the proxy as the
    // branch's writer), copying an existing meeting of that year (its roll without the make-ups, which were
    // dated after that meeting, not this one).
    const template = b3.docs.find(
      (d) => d.type === "activity" && d.kind === "general_meeting" && String(d.date).startsWith(`${fixture.year}-0`),
    )!;
    const { _rev, _revisions, attendance, ...body } = template as Record<string, unknown>;
    void _rev;
    void _revisions;
    const roll = (attendance as Record<string, unknown>[]).map(({ make_up, ...entry }) => (void make_up, entry));
    const device = pouchRemote(b3.db, branchUser);
    await device.put({ ...body, attendance: roll, _id: "activity:a-late-0520", id: "a-late-0520", date: `${fixture.year}-05-20` });

    await syncAgain(page);
    await expect(page.locator(".cm-progress")).toContainText("本次读取 1 条记录");
    const cell = row(page, b3.db).locator('td[data-kind="general_meeting"]');
    await expect(cell).toHaveText("4/4");
    await expect(cell).not.toHaveClass(/ru-short/);
    await expect(row(page, b3.db).locator(".ru-missed")).toHaveText("0");

    // A branch user may not read another branch's database (403), only their own.
    const branchApi = await login(branchUser);
    expect((await branchApi.get(`/couchdb/${db(4)}/_changes?limit=1`)).status()).toBe(403);
    expect((await branchApi.get(`/couchdb/${b3.db}/_changes?limit=1`)).status()).toBe(200);
    await branchApi.dispose();
    // The committee's account may read but not write (the access design document refuses it).
    const committeeApi = await login(committee);
    const put = await committeeApi.put(`/couchdb/${b3.db}/activity%3Aa-forged`, {
      data: { type: "activity", id: "a-forged", kind: "general_meeting", date: `${fixture.year}-06-01` },
    });
    expect(put.status()).toBe(403);
    expect(await put.text()).toContain("只读账户不能修改数据");
    await committeeApi.dispose();
    // And in the app: the branch user on 汇总 gets their own branch and a 403 row for the other.
    await page.context().clearCookies();
    await loggedIn(page, branchUser);
    await page.reload();
    await synced(page, 1);
    await expect(row(page, b3.db)).toHaveAttribute("data-state", "done");
    await expect(row(page, db(4))).toHaveAttribute("data-state", "failed");
    await expect(row(page, db(4))).toContainText("HTTP 403");
  });

  test("the server going away, or the session ending, is one message with what to do; another year is summarised again", async ({ page }) => {
    await loggedIn(page, committee);
    await openWithList(page, [db(3), db(6)], fixture.year);
    await synced(page);
    await expect(row(page, db(6)).locator('td[data-kind="committee_meeting"]')).toHaveClass(/ru-short/);
    // Another year: the same replicas, summarised again (the gaps were made in the last year only).
    await page.locator("#rollup-year").selectOption(String(fixture.year - 1));
    await expect(row(page, db(6)).locator("td").first()).toHaveText(String(fixture.year - 1));
    await expect(row(page, db(6)).locator('td[data-kind="committee_meeting"]')).not.toHaveClass(/ru-short/);
    await expect(page.locator("table.rollup-table td.ru-short")).toHaveCount(0);

    // Unreachable: every request to the server fails (this page only).
    await page.route("**/couchdb/**", (route) => route.abort("connectionrefused"));
    let before = await runs(page);
    await page.locator("#cm-sync").click();
    await expect(page.locator(".cm-progress")).toHaveAttribute("data-run", String(before + 1));
    await expect(page.locator(".committee-sources .alert-error")).toContainText("无法连接单位服务器");
    await expect(page.locator(".committee-sources .alert-error")).toContainText("请检查网络");
    // What was read stays on screen.
    await expect(row(page, db(6))).toHaveAttribute("data-state", "done");
    await page.unroute("**/couchdb/**");

    // The session ended: asked to log in again.
    await page.context().clearCookies();
    before = await runs(page);
    await page.locator("#cm-sync").click();
    await expect(page.locator(".cm-progress")).toHaveAttribute("data-run", String(before + 1));
    await expect(page.locator(".committee-sources .alert-error")).toContainText("请先用委员会的只读账户登录");
    await expect(page.getByLabel("密码")).toBeVisible();
  });
});

test("phone: 汇总 at 390 px with three branch databases", async ({ page, isMobile }, testInfo) => {
  test.skip(!isMobile, "the phone project's own check");
  test.setTimeout(300_000);
  const small = committeeFixture(3, { prefix: "zhibu_p" });
  await putBranches(couchUrl(), small.branches, ACCESS_FUNCTION);
  const user = await createUser("committee-phone", PASSWORD, ["committee"]);
  await loggedIn(page, user);
  await openApp(page, `/rollup?year=${small.year}`);
  await page.getByLabel("支部数据库列表").fill(small.branches.map((b) => b.db).join("\n"));
  await page.getByRole("button", { name: "保存列表" }).click();
  await synced(page);
  for (const b of small.branches) await expectRow(page, b);
  // Nothing but the table's own scroller is wider than the screen.
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(wide).toBeLessThanOrEqual(390);
  await shot(page, testInfo, "committee-phone-table");
  await page.locator(`tr[data-source="db:${small.branches[2].db}"] button`).click();
  await expect(page.locator(".branch-detail .compliance-grid")).toBeVisible();
  await shot(page, testInfo, "committee-phone-detail");
});
