// Loaded into pouchdb-server (`node --require`) by scripts/couch-server.mjs. Fixes a bug of pouchdb-validation
// 4.2.0 (what runs `validate_doc_update` in pouchdb-server): before calling the validation functions it
// overwrites the incoming document's `_revisions` with the stored document's, and that document is then
// written. With `new_edits:false` (replication) the new revision thus loses its history: an update of an
// existing document is silently dropped (the answer says success), and a new document is stored without its
// ancestors. Apache CouchDB has no such bug. The fix lets the validation functions see a copy instead, and
// leaves the document to be written as it came. If the line is not there (another version), this fails loudly.
"use strict";
const Module = require("node:module");
const { join } = require("node:path");

const FILE = join("pouchdb-validation", "lib", "index.js");
const BUG = "newDoc._revisions = (oldDoc || {})._revisions;";
const FIX = "newDoc = Object.assign({}, newDoc, { _revisions: (oldDoc || {})._revisions });";

const compile = Module.prototype._compile;
Module.prototype._compile = function (content, filename) {
  if (filename.endsWith(FILE)) {
    if (!content.includes(BUG)) {
      throw new Error(`scripts/couch-server-fix.cjs: ${filename} no longer has the line it fixes; check the bug again`);
    }
    return compile.call(this, content.replace(BUG, FIX), filename);
  }
  return compile.call(this, content, filename);
};
