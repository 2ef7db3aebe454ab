// The committee's branch databases, for tests/e2e/committee.spec.ts and bench/committee.mjs: demo branches
// generated natively (examples/committee_fixture.rs: the same generator and roll-up model as the app, each
// branch made behind in known ways, and what the roll-up must show for each), put on the couch server as the
// documents each branch's app would have pushed, with CouchDB 3's production access (docs/sync.md): each
// database readable by its own branch's role and by "committee", writable by "writer" only.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync } from "node:fs";
import { join } from "node:path";

export type Branch = {
  db: string;
  name: string;
  docs: Record<string, unknown>[];
  /** kind code → missed periods (the gaps made in the branch). */
  gaps: Record<string, string[]>;
  /** kind code → "held/required" as the table shows it. */
  held: Record<string, string>;
  alerts: number;
  last_record: string | null;
  /** The branch's annual summary file (统计 → 导出 → 年度总结（JSON）). */
  summary_file: string;
};
export type Fixture = { year: number; today: string; branches: Branch[] };

const ROOT = join(__dirname, "..", "..");

/** Today in the browser's time zone (playwright.config.ts: Asia/Shanghai), as YYYY-MM-DD. */
export function todayInShanghai(): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());
}

/**
 * The fixture of `n` branches for `today`, generated once (cached in tests/e2e/artifacts/), by
 * `cargo run --example committee_fixture` (CARGO_TARGET_DIR as set; the release profile with `release`).
 */
export function committeeFixture(n: number, { today = todayInShanghai(), prefix = "zhibu_b", release = false } = {}): Fixture {
  const dir = join(ROOT, "tests", "e2e", "artifacts");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `committee-${prefix}-${n}-${today}.json`);
  if (!existsSync(file)) {
    const tmp = `${file}.${process.pid}.tmp`;
    const args = ["run", "--quiet", ...(release ? ["--release"] : []), "--example", "committee_fixture", "--"];
    execFileSync("cargo", [...args, "--branches", String(n), "--today", today, "--out", tmp, "--prefix", prefix], {
      cwd: ROOT,
      stdio: ["ignore", "inherit", "inherit"],
    });
    renameSync(tmp, file);
  }
  return JSON.parse(readFileSync(file, "utf8"));
}

/** The role that may read one branch's database (and nobody else's). */
export const branchRole = (db: string) => `branch_${db}`;

/** The `_security` of a branch database in production: its own branch and the committee may read it. */
export const securityOf = (db: string) => ({
  members: { names: [], roles: [branchRole(db), "committee"] },
  admins: { names: [], roles: [] },
});

/**
 * Puts the branches on the couch server at `couchUrl` (admin party, straight to the server): each database
 * created with its `_security` and `_design/access` (`access`: the validate_doc_update text), then its
 * documents in one `_bulk_docs` with `new_edits: false`. A few at a time.
 */
export async function putBranches(couchUrl: string, branches: Branch[], access: string, parallel = 4): Promise<void> {
  const call = async (method: string, path: string, body?: unknown, ok = [200, 201, 202]) => {
    const r = await fetch(`${couchUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    if (!ok.includes(r.status)) throw new Error(`${method} ${path}: ${r.status} ${text.slice(0, 300)}`);
    return text ? JSON.parse(text) : null;
  };
  const one = async (b: Branch) => {
    const db = `/${encodeURIComponent(b.db)}`;
    await call("PUT", db, undefined, [201, 412]);
    await call("PUT", `${db}/_security`, securityOf(b.db));
    const old = await fetch(`${couchUrl}${db}/_design/access`).then((r) => (r.ok ? r.json() : null));
    await call("PUT", `${db}/_design/access`, { ...(old ? { _rev: old._rev } : {}), _id: "_design/access", validate_doc_update: access });
    const answer = await call("POST", `${db}/_bulk_docs`, { new_edits: false, docs: b.docs });
    const failed = (answer as { error?: string }[]).filter((x) => x && x.error);
    if (failed.length) throw new Error(`${b.db}: ${failed.length} documents refused: ${JSON.stringify(failed[0])}`);
  };
  const queue = [...branches];
  await Promise.all(
    Array.from({ length: Math.min(parallel, queue.length) }, async () => {
      for (let b = queue.shift(); b; b = queue.shift()) await one(b);
    }),
  );
}
