#![cfg(target_arch = "wasm32")]
//! Browser tests of the sync states in IndexedDB (`store::docs`): the upgrade of a real version-1 database,
//! revisions written with each edit in the same transaction, bulk writes reconciled, and whole replications
//! between two IndexedDB databases through a CouchDB database in memory (tests/sync_support).
//!
//! Run: `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test store_sync`.

mod sync_support;

use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use sync_support::FakeCouch;
use wasm_bindgen_test::*;
use zhibu::domain::demo::{generate, DemoSize};
use zhibu::domain::sync::doc::{DocId, Record};
use zhibu::domain::sync::replicate::{sync_once, Local, Session};
use zhibu::domain::sync::wire::SyncError;
use zhibu::domain::{Dataset, Date, Member, MemberId, MemberKind};
use zhibu::store::schema;
use zhibu::store::Store;

wasm_bindgen_test_configure!(run_in_browser);

async fn fresh(test: &str) -> (String, Store) {
    let name = format!("zhibu-sync-test-{test}-{}", (js_sys::Math::random() * 1e9) as u64);
    Store::delete_database(&name).await.unwrap();
    let store = Store::open(&name).await.unwrap();
    (name, store)
}

async fn finish(name: &str, store: Store) {
    store.close();
    Store::delete_database(name).await.unwrap();
}

fn demo() -> Dataset {
    generate(&DemoSize::DEMO, Date::ymd(2026, 6, 30), 11)
}

fn member(id: &str, name: &str) -> Member {
    Member {
        id: MemberId::from(id),
        name: name.to_owned(),
        kind: MemberKind::Full,
        group: None,
        party_joined: None,
        full_since: None,
        joined_branch: Some(Date::ymd(2020, 1, 1)),
        left_branch: None,
        mobile: false,
        excused: Vec::new(),
        phone: String::new(),
        note: String::new(),
    }
}

async fn sync(store: &Store, device: &str, server: &FakeCouch) -> Result<(), SyncError> {
    let session = Session {
        local_id: device,
        remote_url: "/couchdb/test",
        session_id: &format!("{device}-{}", server.requests.get()),
    };
    sync_once(server, store, &session, &mut |_| {}).await.map(drop)
}

#[wasm_bindgen_test]
async fn a_version_1_database_with_data_upgrades_and_gets_its_sync_states() {
    let name = format!("zhibu-sync-test-v1-{}", (js_sys::Math::random() * 1e9) as u64);
    Store::delete_database(&name).await.unwrap();
    // A real version-1 database, written the way version 1 of the store wrote records.
    let data = demo();
    let db = schema::open_with(&name, 1, schema::step).await.unwrap();
    {
        let tx = db
            .transaction([schema::BRANCH, schema::MEMBERS, schema::ACTIVITIES, schema::GROUPS])
            .with_mode(TransactionMode::Readwrite)
            .build()
            .unwrap();
        tx.object_store(schema::BRANCH)
            .unwrap()
            .put(&data.branch)
            .with_key(schema::BRANCH_KEY.to_owned())
            .without_key_type()
            .serde()
            .unwrap();
        let groups = tx.object_store(schema::GROUPS).unwrap();
        for g in &data.groups {
            groups.put(g).serde().unwrap();
        }
        let members = tx.object_store(schema::MEMBERS).unwrap();
        for m in &data.members {
            members.put(m).serde().unwrap();
        }
        let activities = tx.object_store(schema::ACTIVITIES).unwrap();
        for a in &data.activities {
            activities.put(a).serde().unwrap();
        }
        tx.commit().await.unwrap();
    }
    db.close();

    let store = Store::open(&name).await.unwrap();
    assert_eq!(store.schema_info().await.unwrap().unwrap().version, 2);
    let loaded = store.load_all().await.unwrap();
    assert_eq!(loaded.members, data.members);
    assert_eq!(loaded.activities.len(), data.activities.len());
    // No states yet; the first sync's preparation makes one first revision per record, once.
    assert!(store.doc_states().await.unwrap().is_empty());
    let made = store.reconcile_docs(false).await.unwrap();
    assert_eq!(made, 1 + data.groups.len() + data.members.len() + data.activities.len());
    assert_eq!(store.reconcile_docs(false).await.unwrap(), 0);
    let states = store.doc_states().await.unwrap();
    assert!(states.iter().all(|s| s.winner().unwrap().pos == 1 && !s.is_deleted()));
    finish(&name, store).await;
}

#[wasm_bindgen_test]
async fn each_edit_writes_its_revision_in_the_same_transaction() {
    let (name, store) = fresh("edits").await;
    let id = DocId::Member(MemberId::from("m-1"));
    store.put_member(&member("m-1", "张三")).await.unwrap();
    let rev = |states: Vec<zhibu::domain::sync::state::DocState>| {
        states
            .into_iter()
            .find(|s| s.id == id.to_string())
            .map(|s| (s.winner().unwrap().pos, s.is_deleted()))
    };
    assert_eq!(rev(store.doc_states().await.unwrap()), Some((1, false)));
    store.put_member(&member("m-1", "张三丰")).await.unwrap();
    assert_eq!(rev(store.doc_states().await.unwrap()), Some((2, false)));
    // Saving the same again makes no revision.
    store.put_member(&member("m-1", "张三丰")).await.unwrap();
    assert_eq!(rev(store.doc_states().await.unwrap()), Some((2, false)));
    store.delete_member(&MemberId::from("m-1")).await.unwrap();
    assert_eq!(rev(store.doc_states().await.unwrap()), Some((3, true)));
    // The branch, the rules and a group deleted with its members' change.
    let b = zhibu::domain::Branch {
        name: "一支部".into(),
        ..Default::default()
    };
    store.save_branch(&b).await.unwrap();
    store
        .save_rules(&zhibu::domain::rules::default_rules()[..2])
        .await
        .unwrap();
    let g = zhibu::domain::PartyGroup {
        id: zhibu::domain::GroupId::from("g-1"),
        name: "第一党小组".into(),
        group_leader: None,
    };
    store.put_group(&g).await.unwrap();
    let mut m2 = member("m-2", "李四");
    m2.group = Some(g.id.clone());
    store.put_member(&m2).await.unwrap();
    store.delete_group(&g.id).await.unwrap();
    let states = store.doc_states().await.unwrap();
    let find = |id: &str| states.iter().find(|s| s.id == id).unwrap();
    assert!(!find("branch").is_deleted());
    assert!(!find("rules").is_deleted());
    assert!(find("group:g-1").is_deleted());
    assert_eq!(
        find("member:m-2").winner().unwrap().pos,
        2,
        "taken out of the group: a new revision"
    );
    // Nothing is stale: the first sync has nothing to reconcile.
    assert_eq!(store.reconcile_docs(false).await.unwrap(), 0);
    finish(&name, store).await;
}

#[wasm_bindgen_test]
async fn a_bulk_replace_is_reconciled_and_clearing_leaves_sync() {
    let (name, store) = fresh("bulk").await;
    let data = demo();
    store.replace_all(&data).await.unwrap();
    let first = store.reconcile_docs(false).await.unwrap();
    assert!(first > 50);
    let mut changed = data.clone();
    changed.members[0].note = "导入的备份改了这一条".into();
    changed.activities.pop();
    store.replace_all(&changed).await.unwrap();
    assert_eq!(
        store.reconcile_docs(false).await.unwrap(),
        2,
        "one changed, one deleted"
    );
    store.set_meta(zhibu::store::META_SYNC_CONFIG, &"x").await.unwrap();
    store.clear_all().await.unwrap();
    assert!(store.doc_states().await.unwrap().is_empty());
    assert_eq!(
        store.meta::<String>(zhibu::store::META_SYNC_CONFIG).await.unwrap(),
        None
    );
    finish(&name, store).await;
}

#[wasm_bindgen_test]
async fn two_browser_databases_replicate_through_a_server_conflict_and_all() {
    let (name_a, a) = fresh("rep-a").await;
    let (name_b, b) = fresh("rep-b").await;
    let server = FakeCouch::new();
    a.replace_all(&demo()).await.unwrap();
    sync(&a, "a", &server).await.unwrap();
    sync(&b, "b", &server).await.unwrap();
    assert_eq!(b.load_all().await.unwrap(), a.load_all().await.unwrap());

    // Both change the same member offline.
    let mut m = a.load_all().await.unwrap().members[0].clone();
    let id = DocId::Member(m.id.clone());
    m.note = "书记改的".into();
    a.put_member(&m).await.unwrap();
    let mut theirs = m.clone();
    theirs.note = "组织委员改的".into();
    b.put_member(&theirs).await.unwrap();
    sync(&a, "a", &server).await.unwrap();
    sync(&b, "b", &server).await.unwrap();
    sync(&a, "a", &server).await.unwrap();
    assert_eq!(b.load_all().await.unwrap(), a.load_all().await.unwrap());
    let conflicts = a.conflicts().await.unwrap();
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0].id, id);
    let mut versions = vec![conflicts[0].stored.clone().unwrap(), conflicts[0].others[0].1.clone()];
    zhibu::domain::sort::sort_by_key(&mut versions, |r| format!("{r:?}"));
    let mut expected = vec![Record::Member(m.clone()), Record::Member(theirs.clone())];
    zhibu::domain::sort::sort_by_key(&mut expected, |r| format!("{r:?}"));
    assert_eq!(versions, expected, "nothing lost");

    // Resolved on b with the organiser's version; both end with it and no conflict.
    assert!(b
        .resolve_conflict(&id, Some(&Record::Member(theirs.clone())))
        .await
        .unwrap());
    sync(&b, "b", &server).await.unwrap();
    sync(&a, "a", &server).await.unwrap();
    assert!(a.conflicts().await.unwrap().is_empty());
    assert!(b.conflicts().await.unwrap().is_empty());
    let data = a.load_all().await.unwrap();
    assert_eq!(data.member(&theirs.id), Some(&theirs));
    assert_eq!(b.load_all().await.unwrap(), data);

    // A hostile document on the server is set aside on both, and nothing local changes.
    server.put_raw(
        &id.to_string(),
        r#"{"type":"member","id":"m-x","name":"<img onerror=alert(1)>"}"#,
    );
    let before = a.load_all().await.unwrap();
    sync(&a, "a", &server).await.unwrap();
    assert_eq!(a.load_all().await.unwrap(), before);
    let rejected = a.rejected_docs().await.unwrap();
    assert_eq!(rejected.len(), 1);
    assert_eq!(rejected[0].id, id.to_string());
    assert!(!rejected[0].reason.is_empty());
    finish(&name_a, a).await;
    finish(&name_b, b).await;
}

#[wasm_bindgen_test]
async fn a_pull_cut_off_midway_resumes_without_loss() {
    let (name_a, a) = fresh("cut-a").await;
    let (name_b, b) = fresh("cut-b").await;
    let server = FakeCouch::new();
    let data = demo();
    a.replace_all(&data).await.unwrap();
    sync(&a, "a", &server).await.unwrap();
    // The pull's requests: its checkpoint (1), the page of changes (2), the first piece of 100 (3), the second
    // (4, dropped) while the first is stored.
    server.fail_at.set(Some(server.requests.get() + 4));
    assert!(sync(&b, "b", &server).await.unwrap_err().is_transient());
    let partial = b.load_all().await.unwrap();
    assert!(partial.activities.len() < data.activities.len());
    sync(&b, "b", &server).await.unwrap();
    assert_eq!(b.load_all().await.unwrap(), a.load_all().await.unwrap());
    assert!(b.conflicts().await.unwrap().is_empty());
    // A local edit after the pull goes up; nothing else does.
    let pushed_before = server.written.get();
    b.put_member(&member("m-late", "后来的")).await.unwrap();
    b.prepare().await.unwrap();
    sync(&b, "b", &server).await.unwrap();
    assert_eq!(server.written.get(), pushed_before + 1);
    finish(&name_a, a).await;
    finish(&name_b, b).await;
}

#[wasm_bindgen_test]
async fn a_small_pull_is_a_patch_that_gives_what_reading_everything_gives() {
    use zhibu::domain::sync::pulled::{patch, Pulled};
    let (name_a, a) = fresh("patch-a").await;
    let (name_b, b) = fresh("patch-b").await;
    let server = FakeCouch::new();
    a.replace_all(&demo()).await.unwrap();
    sync(&a, "a", &server).await.unwrap();
    sync(&b, "b", &server).await.unwrap();
    // The first pull: too much for a patch.
    assert_eq!(b.take_pulled(), Pulled::ReadAll);
    let mut held = b.load_all().await.unwrap();

    // a adds a member, changes one and deletes another (not named in any record).
    let data = a.load_all().await.unwrap();
    a.put_member(&member("m-patch", "新来的")).await.unwrap();
    let mut changed = data.members[0].clone();
    changed.note = "改过".into();
    a.put_member(&changed).await.unwrap();
    let mut branch = data.branch.clone();
    branch.name = "改名后的党支部".into();
    a.save_branch(&branch).await.unwrap();
    sync(&a, "a", &server).await.unwrap();
    sync(&b, "b", &server).await.unwrap();
    let Pulled::Patch(changes) = b.take_pulled() else {
        panic!("a patch")
    };
    assert_eq!(changes.len(), 3);
    patch(&mut held, changes);
    let mut read = b.load_all().await.unwrap();
    // The patch adds at the end of a list; a read gives id order.
    zhibu::domain::sort::sort_by(&mut held.members, |x, y| x.id.cmp(&y.id));
    zhibu::domain::sort::sort_by(&mut read.members, |x, y| x.id.cmp(&y.id));
    assert_eq!(held, read);
    assert_eq!(b.take_pulled(), Pulled::Nothing);

    // A write of this device's own after the pull: the page's data holds it, so it reads everything instead.
    let mut other = data.members[1].clone();
    other.note = "对方改的".into();
    a.put_member(&other).await.unwrap();
    sync(&a, "a", &server).await.unwrap();
    sync(&b, "b", &server).await.unwrap();
    b.put_member(&member("m-local", "本机加的")).await.unwrap();
    assert_eq!(b.take_pulled(), Pulled::ReadAll);

    // The same between two pulls' writes, with a pull the last to write: still read everything (the page holds
    // b's own write, which may be newer than what the first pull brought).
    other.note = "对方又改了".into();
    a.put_member(&other).await.unwrap();
    sync(&a, "a", &server).await.unwrap();
    sync(&b, "b", &server).await.unwrap();
    b.put_member(&member("m-local2", "本机又加的")).await.unwrap();
    other.note = "对方第三次改".into();
    a.put_member(&other).await.unwrap();
    sync(&a, "a", &server).await.unwrap();
    sync(&b, "b", &server).await.unwrap();
    assert_eq!(b.take_pulled(), Pulled::ReadAll);
    finish(&name_a, a).await;
    finish(&name_b, b).await;
}
