// The browser side of bench/sync-pouchdb.mjs: PouchDB's own replicate() between this page's IndexedDB (the
// browser build's default adapter, "idb") and the server's database at /couchdb/<db> (same origin, cookie
// session). Each function resolves with the milliseconds the replication took (performance.now()) and what
// PouchDB reported; the node side checks the counts.
"use strict";

window.zhibuBench = (() => {
  let docs = null;
  const remote = (db) => new PouchDB(`${location.origin}/couchdb/${encodeURIComponent(db)}`, { skip_setup: true });

  async function login(name, password) {
    const r = await fetch("/couchdb/_session", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name, password }),
      credentials: "same-origin",
    });
    if (r.status !== 200) throw new Error(`login ${name}: ${r.status} ${await r.text()}`);
  }

  // The documents to push, fetched once (not timed).
  async function loadDocs() {
    docs = await (await fetch("/docs.json")).json();
    return docs.length;
  }

  function summary(result) {
    return {
      ok: result.ok,
      status: result.status,
      docs_read: result.docs_read,
      docs_written: result.docs_written,
      doc_write_failures: result.doc_write_failures,
      errors: (result.errors || []).slice(0, 3).map(String),
    };
  }

  // (a) First push: the documents are written into a new local database first (not timed: they stand for the
  // data the device already has), then PouchDB.replicate(local, remote) into the empty server database.
  async function push(localName, db) {
    const local = new PouchDB(localName);
    const written = await local.bulkDocs(docs);
    const failed = written.filter((r) => r.error);
    if (failed.length) throw new Error(`local bulkDocs: ${failed.length} failed, first ${JSON.stringify(failed[0])}`);
    const t0 = performance.now();
    const result = await PouchDB.replicate(local, remote(db));
    const ms = performance.now() - t0;
    await local.destroy();
    return { ms, result: summary(result) };
  }

  // (b) First pull: PouchDB.replicate(remote, local) into a new, empty local database; then counts what it holds.
  async function pull(localName, db) {
    const local = new PouchDB(localName);
    const t0 = performance.now();
    const result = await PouchDB.replicate(remote(db), local);
    const ms = performance.now() - t0;
    const info = await local.info();
    await local.destroy();
    return { ms, result: summary(result), doc_count: info.doc_count, adapter: local.adapter };
  }

  return { login, loadDocs, push, pull };
})();
