//! The HTTP answers of real servers, read as the replicator reads them (tests/fixtures/couch: recorded from
//! PouchDB Server, and CouchDB 3's documented forms).

use zhibu::domain::sync::doc::Read;
use zhibu::domain::sync::rev::Rev;
use zhibu::domain::sync::wire::*;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/couch/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

#[test]
fn changes_pages_list_every_leaf() {
    let c: Changes = parse("_changes", &fixture("pouchdb-server-changes")).unwrap();
    assert_eq!(c.results.len(), 3);
    assert_eq!(c.results[1].id, "member:m-1");
    assert_eq!(c.results[1].changes.len(), 2, "both leaves of the conflict");
    assert_eq!(c.last_seq.to_query(), "5");
    let one: Changes = parse("_changes", &fixture("pouchdb-server-changes-limit1")).unwrap();
    assert_eq!(one.results.len(), 1);
    let none: Changes = parse("_changes", &fixture("pouchdb-server-changes-empty")).unwrap();
    assert!(none.results.is_empty());
    // CouchDB 3: opaque string sequences, passed back as they came.
    let c3: Changes = parse("_changes", &fixture("couchdb3-changes")).unwrap();
    assert!(c3.last_seq.to_query().starts_with("2-g1AAAA"));
    assert!(!c3.last_seq.is_zero());
    assert_eq!(c3.results[0].changes.len(), 2);
}

#[test]
fn revs_diff_names_what_the_server_lacks() {
    let missing = read_revs_diff(&fixture("pouchdb-server-revs_diff")).unwrap();
    assert_eq!(missing["member:m-1"], [Rev::new(3, "ffff")]);
    assert_eq!(missing["activity:a-1"], [Rev::new(1, "9999")]);
}

#[test]
fn bulk_get_gives_each_revision_with_its_history() {
    let reads = read_bulk_get(&fixture("pouchdb-server-bulk_get")).unwrap();
    // Two members (the conflict), one deletion; the missing revision is skipped.
    assert_eq!(reads.len(), 3);
    let Read::Ok(first) = &reads[0] else {
        panic!("{:?}", reads[0])
    };
    assert_eq!(first.leaf.path, ["aaaa", "1111"]);
    assert!(first.body.is_some());
    let Read::Ok(gone) = &reads[2] else { panic!() };
    assert!(gone.leaf.deleted && gone.body.is_none());
}

#[test]
fn bulk_docs_answers_list_refusals_only() {
    assert!(read_bulk_docs(&fixture("pouchdb-server-bulk_docs-new_edits_false"))
        .unwrap()
        .is_empty());
    let refused = read_bulk_docs(&fixture("couchdb3-bulk_docs-forbidden")).unwrap();
    assert_eq!(refused, [("member:m-1".into(), "forbidden".into(), "只读账户".into())]);
}

#[test]
fn checkpoints_and_sessions() {
    let stored: StoredCheckpoint = parse("_local", &fixture("pouchdb-server-local-get")).unwrap();
    assert_eq!(stored.rev.as_deref(), Some("0-1"));
    assert_eq!(stored.checkpoint.source_last_seq.as_local(), 5);
    let body = checkpoint_body(&stored.checkpoint, stored.rev.as_deref());
    assert!(body.contains(r#""_rev":"0-1""#));
    assert_eq!(
        read_session(&fixture("pouchdb-server-session-anonymous")).unwrap(),
        None
    );
    assert_eq!(
        error_for(401, &fixture("pouchdb-server-session-bad-password")),
        SyncError::Unauthorized
    );
    assert_eq!(
        error_for(404, &fixture("pouchdb-server-db-missing")),
        SyncError::NoDatabase
    );
    assert!(matches!(
        error_for(409, &fixture("pouchdb-server-local-conflict")),
        SyncError::Protocol(_)
    ));
}

#[test]
fn answers_that_are_not_couchdbs_are_errors_not_panics() {
    for text in [
        "",
        "<html>proxy error</html>",
        "null",
        "[]",
        r#"{"results":5}"#,
        "{\"results\":[{\"docs\":[{\"ok\":",
    ] {
        assert!(matches!(
            parse::<Changes>("_changes", text),
            Err(SyncError::Protocol(_))
        ));
        let _ = read_bulk_get(text);
        let _ = read_revs_diff(text);
        let _ = read_bulk_docs(text);
        let _ = read_session(text);
    }
}
