#!/usr/bin/env node
// A CouchDB-compatible server for tests, benchmarks and trying sync on one machine: npm `pouchdb-server` (4.2.0)
// as a child process on 127.0.0.1, in memory unless told otherwise. It runs in "admin party" (no server admin:
// an anonymous request is an admin) and does not enforce `_security` on reads; scripts/couch-proxy.mjs (`gate`)
// adds what CouchDB 3 enforces. It does run `validate_doc_update`, so the access design document
// (scripts/couch-access.js) really refuses a reader's writes — with one bug of its validation fixed at load time
// (scripts/couch-server-fix.cjs: without it, a replicated write into a database with a validate_doc_update
// loses its history).
//
//   node scripts/couch-server.mjs [--port 5985|auto] [--host 127.0.0.1] [--demo] [--persist | --dir DIR]
//     --port auto a free port (the ready line says which)
//     --demo      provision the database `zhibu` (its `_security` and `_design/access`) and the users
//                 secretary and organiser (role writer) and committee (role reader), password DEMO_PASSWORD
//     --persist   keep the databases on disk (LevelDB, in a temporary directory deleted on exit) instead of in
//                 memory, so a restart (SIGUSR2) keeps them
//     --dir DIR   like --persist, in DIR, which is kept
// Prints one line "couch-server ready: http://HOST:PORT (pid N; …)" when the server answers (N: this process,
// for SIGUSR2; playwright.config.ts reads both from that line). SIGTERM/SIGINT stop the
// server and exit 0; SIGUSR2 restarts it (same port, same session secret: cookies stay valid) and prints
// "couch-server restarted: …"; if the server dies on its own, this exits 1.
//
// Also a module: startCouchServer(), createUser(), provisionDatabase() (used by bench/sync-pouchdb.mjs).
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
const BIN = createRequire(import.meta.url).resolve("pouchdb-server/bin/pouchdb-server");
// pouchdb-validation 4.2.0 loses the history of a replicated write when a validate_doc_update exists: fixed
// at load time (see that file).
const FIX = join(HERE, "couch-server-fix.cjs");

/** The password of the --demo users (shown on the ready line; a demo on 127.0.0.1 only). */
export const DEMO_PASSWORD = "zhibu-demo";
/** The --demo users: name → roles. */
export const DEMO_USERS = { secretary: ["writer"], organiser: ["writer"], committee: ["reader"] };
/** The validate_doc_update source of `_design/access` (scripts/couch-access.js). */
export const ACCESS_FUNCTION = readFileSync(join(HERE, "couch-access.js"), "utf8").trim();

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A port that is free on host now (the kernel's choice). */
export async function freePort(host = "127.0.0.1") {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once("error", rej);
    s.listen(0, host, () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

async function portIsFree(host, port) {
  return new Promise((res) => {
    const s = createServer();
    s.once("error", () => res(false));
    s.listen(port, host, () => s.close(() => res(true)));
  });
}

/**
 * Starts pouchdb-server on host:port and waits until it answers. Options: persist (LevelDB in a temporary
 * directory) or dir (LevelDB in dir, kept); otherwise in memory. Returns { url, restart(), stop(), pid() }.
 * `onExit(code)` is called if the server dies while not being stopped or restarted.
 */
export async function startCouchServer({ port, host = "127.0.0.1", persist = false, dir, onExit } = {}) {
  if (!port) throw new Error("startCouchServer: a port is needed");
  if (!(await portIsFree(host, port))) throw new Error(`port ${host}:${port} is in use`);
  // config.json (with the cookie secret) and log.txt go to the state directory, never into the repository.
  const keep = !!dir;
  const state = keep ? resolve(dir) : mkdtempSync(join(tmpdir(), "zhibu-couch-"));
  mkdirSync(state, { recursive: true });
  // The cookie secret in the config file, not pouchdb-server's default (a new one at every start): sessions
  // survive a restart, as with CouchDB's [chttpd_auth] secret.
  const config = join(state, "config.json");
  if (!existsSync(config)) {
    writeFileSync(config, JSON.stringify({ couch_httpd_auth: { secret: randomBytes(16).toString("hex") } }, null, 2));
  }
  if (!keep) process.on("exit", () => rmSync(state, { recursive: true, force: true }));
  const storage = persist || keep ? ["--dir", join(state, "data")] : ["--in-memory"];
  const url = `http://${host}:${port}`;
  let child = null;
  let expectedExit = false;

  const launch = async () => {
    expectedExit = false;
    let stderr = "";
    const c = spawn(
      process.execPath,
      ["--require", FIX, BIN, "--port", String(port), "--host", host, "-n", "--no-color", "--config", config, ...storage],
      { cwd: state, stdio: ["ignore", "ignore", "pipe"] },
    );
    c.stderr.on("data", (d) => {
      stderr += d;
      process.stderr.write(d);
    });
    let exited = null;
    c.on("exit", (code, signal) => {
      exited = code ?? signal;
      if (!expectedExit && onExit) onExit(code ?? 1);
    });
    child = c;
    // However this process ends (even mid-start, or by an uncaught error), the server ends with it.
    const killOnExit = () => c.kill("SIGTERM");
    process.on("exit", killOnExit);
    c.on("exit", () => process.off("exit", killOnExit));
    for (let i = 0; i < 300; i++) {
      if (exited !== null) throw new Error(`pouchdb-server exited (${exited}) before answering: ${stderr.trim()}`);
      // pouchdb-server does not exit when its port is taken: it only says so.
      if (/already in use/.test(stderr)) throw new Error(`pouchdb-server: ${stderr.trim()}`);
      try {
        const r = await fetch(`${url}/`);
        const body = await r.json();
        if (r.ok && body["express-pouchdb"]) return;
      } catch {
        /* not yet */
      }
      await sleep(100);
    }
    throw new Error(`pouchdb-server did not answer on ${url} within 30 s`);
  };

  const kill = async () => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    expectedExit = true;
    const gone = new Promise((r) => c.once("exit", r));
    c.kill("SIGTERM");
    const t = setTimeout(() => c.kill("SIGKILL"), 2000);
    await gone;
    clearTimeout(t);
  };

  try {
    await launch();
  } catch (e) {
    await kill();
    if (!keep) rmSync(state, { recursive: true, force: true });
    throw e;
  }
  return {
    url,
    persistent: storage[0] === "--dir",
    pid: () => child?.pid,
    async restart() {
      await kill();
      await launch();
    },
    async stop() {
      await kill();
      if (!keep) rmSync(state, { recursive: true, force: true });
    },
  };
}

/** JSON request to the server; throws with the answer on a status other than the expected ones. */
async function couch(url, method, path, body, ok = [200, 201, 202]) {
  const r = await fetch(`${url}${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  if (!ok.includes(r.status)) throw new Error(`${method} ${path}: ${r.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** Creates (or replaces the password and roles of) a user in `_users`, straight on the server (admin party). */
export async function createUser(url, name, password, roles = []) {
  const path = `/_users/${encodeURIComponent(`org.couchdb.user:${name}`)}`;
  const old = await couch(url, "GET", path, undefined, [200, 404]);
  const doc = { _id: `org.couchdb.user:${name}`, name, password, roles, type: "user" };
  if (old && old._rev) doc._rev = old._rev;
  await couch(url, "PUT", path, doc);
}

/**
 * Creates a branch database as production has it: `_security` (members: the roles `writer` and `reader` unless
 * told; admins: none) and `_design/access` with scripts/couch-access.js. Straight on the server (admin party).
 * `security` replaces the whole `_security` object when given.
 */
export async function provisionDatabase(url, db, { security, access = true } = {}) {
  const p = `/${encodeURIComponent(db)}`;
  await couch(url, "PUT", p, undefined, [201, 412]);
  const sec = security ?? { members: { names: [], roles: ["writer", "reader"] }, admins: { names: [], roles: [] } };
  await couch(url, "PUT", `${p}/_security`, sec);
  if (access) {
    const old = await couch(url, "GET", `${p}/_design/access`, undefined, [200, 404]);
    await couch(url, "PUT", `${p}/_design/access`, {
      ...(old?._rev ? { _rev: old._rev } : {}),
      validate_doc_update: ACCESS_FUNCTION,
    });
  }
}

async function main() {
  const args = process.argv.slice(2);
  const opt = (name, def) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 && args[i + 1] ? args[i + 1] : def;
  };
  const flag = (name) => args.includes(`--${name}`);
  const host = opt("host", "127.0.0.1");
  const portArg = opt("port", process.env.COUCH_PORT || "5985");
  const port = portArg === "auto" ? await freePort(host) : Number(portArg);
  let server;
  let stopping = false;
  const stop = async (code) => {
    if (stopping) return;
    stopping = true;
    await server?.stop().catch(() => {});
    process.exit(code);
  };
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(sig, () => stop(0));
  try {
    server = await startCouchServer({
      port,
      host,
      persist: flag("persist"),
      dir: opt("dir"),
      onExit: (code) => {
        // A SIGTERM to the whole process group (Playwright's way to stop a web server) reaches the child too:
        // give this process's own handler the time to run first.
        setTimeout(() => {
          if (stopping) return;
          console.error(`couch-server: pouchdb-server exited on its own (${code})`);
          stop(1);
        }, 200);
      },
    });
    let what = server.persistent ? "on disk" : "in memory";
    if (flag("demo")) {
      for (const [name, roles] of Object.entries(DEMO_USERS)) await createUser(server.url, name, DEMO_PASSWORD, roles);
      await provisionDatabase(server.url, "zhibu");
      what += `; database zhibu, users secretary and organiser (writer), committee (reader), password ${DEMO_PASSWORD}`;
    }
    process.on("SIGUSR2", async () => {
      try {
        await server.restart();
        console.log(`couch-server restarted: ${server.url}`);
      } catch (e) {
        console.error(`couch-server: restart failed: ${e.message}`);
        stop(1);
      }
    });
    console.log(`couch-server ready: ${server.url} (pid ${process.pid}; pouchdb-server, ${what})`);
  } catch (e) {
    console.error(`couch-server: ${e.message}`);
    await stop(1);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
