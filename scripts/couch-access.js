function validateAccess(newDoc, oldDoc, userCtx, secObj) {
  // The validate_doc_update function of a branch database's design document `_design/access` (CouchDB runs it
  // on every document write, replication included; `_local/` checkpoints are not validated).
  // Who may change documents: server admins (`_admin`), the database's own admins (names or roles in
  // `_security.admins`) and users with the role `writer`. Everyone else who may read the database
  // (e.g. the role `reader` of the committee above) gets 403 for each document they try to write.
  // Installed by scripts/couch-server.mjs --demo and tests/e2e/couch.ts; put the same document into each
  // branch database in production. This file must start with `function`: the text is the function's source.
  var roles = userCtx.roles || [];
  var admins = (secObj && secObj.admins) || {};
  var adminRoles = admins.roles || [];
  if (roles.indexOf("_admin") !== -1 || roles.indexOf("writer") !== -1) return;
  if (userCtx.name && (admins.names || []).indexOf(userCtx.name) !== -1) return;
  for (var i = 0; i < roles.length; i++) {
    if (adminRoles.indexOf(roles[i]) !== -1) return;
  }
  throw { forbidden: "只读账户不能修改数据（需要 writer 角色）" };
}
