//! The replication protocol end to end, natively: devices ([`MemoryDb`]) and a CouchDB database in memory
//! ([`sync_support::FakeCouch`]). Two devices editing offline, the same record edited on both (conflict,
//! resolution), connections dropped in the middle, hostile documents, a read-only account.

mod domain_support;
mod sync_support;

use domain_support::*;
use sync_support::{run, FakeCouch};
use zhibu::domain::demo::{generate, DemoSize};
use zhibu::domain::sync::doc::{DocId, Record};
use zhibu::domain::sync::doc::{Incoming, Rejected};
use zhibu::domain::sync::memory::MemoryDb;
use zhibu::domain::sync::replicate::{
    pending, pull_from, push, push_from, sync_once, Local, Progress, Report, Session,
};
use zhibu::domain::sync::rev::Rev;
use zhibu::domain::sync::state::DocState;
use zhibu::domain::sync::wire::{Checkpoint, RevsByDoc, SyncError};
use zhibu::domain::*;

const URL: &str = "/couchdb/branch";

fn sync(device: &MemoryDb, name: &str, server: &FakeCouch) -> Result<Report, SyncError> {
    let session = Session {
        local_id: name,
        remote_url: URL,
        session_id: &format!("{name}-{}", server.requests.get()),
    };
    run(sync_once(server, device, &session, &mut |_: Progress| {}))
}

fn demo() -> Dataset {
    generate(&DemoSize::DEMO, d(2026, 6, 30), 7)
}

/// The datasets two devices hold, in a comparable order.
fn same(a: &MemoryDb, b: &MemoryDb) {
    assert_eq!(a.dataset(), b.dataset());
    let trees = |db: &MemoryDb| {
        db.states()
            .into_iter()
            .map(|s| (s.id, s.tree.leaf_revs()))
            .collect::<Vec<_>>()
    };
    assert_eq!(trees(a), trees(b));
}

#[test]
fn two_devices_editing_different_records_offline_end_up_identical() {
    let server = FakeCouch::new();
    let secretary = MemoryDb::with(&demo());
    sync(&secretary, "pc", &server).unwrap();
    let phone = MemoryDb::new();
    let first = sync(&phone, "phone", &server).unwrap();
    assert!(first.pulled > 50, "{first:?}");
    same(&secretary, &phone);

    // Both offline: the secretary renames the branch, the phone adds a member and deletes a study item.
    let mut data = secretary.dataset();
    data.branch.name = "改名后的党支部".into();
    secretary.edit(Record::Branch(data.branch.clone()));
    phone.edit(Record::Member(member("m-new", "新党员", MemberKind::Full)));
    let item = phone.dataset().study_items[0].id.clone();
    phone.delete(&DocId::StudyItem(item.clone()));

    sync(&secretary, "pc", &server).unwrap();
    sync(&phone, "phone", &server).unwrap();
    sync(&secretary, "pc", &server).unwrap();
    same(&secretary, &phone);
    let data = phone.dataset();
    assert_eq!(data.branch.name, "改名后的党支部");
    assert!(data.member(&mid("m-new")).is_some());
    assert!(!data.study_items.iter().any(|s| s.id == item));
    assert!(secretary.states().iter().all(|s| !s.in_conflict()));
}

#[test]
fn the_same_record_edited_on_both_is_a_conflict_that_loses_nothing() {
    let server = FakeCouch::new();
    let a = MemoryDb::with(&demo());
    sync(&a, "a", &server).unwrap();
    let b = MemoryDb::new();
    sync(&b, "b", &server).unwrap();

    let mut mine = a.dataset().activities[3].clone();
    let id = DocId::Activity(mine.id.clone());
    let mut theirs = mine.clone();
    mine.location = "三楼会议室".into();
    theirs.content = "组织委员补充的会议内容".into();
    a.edit(Record::Activity(mine.clone()));
    b.edit(Record::Activity(theirs.clone()));
    sync(&a, "a", &server).unwrap();
    sync(&b, "b", &server).unwrap();
    sync(&a, "a", &server).unwrap();

    // Both show the same winner and keep the other version.
    same(&a, &b);
    let state = a.state(&id).unwrap();
    assert!(state.in_conflict());
    assert_eq!(state.others.len(), 1);
    let winner = a.record(&id).unwrap();
    let other = Record::from_body(&id, &state.others[0].body).unwrap();
    let mut versions = [winner, other];
    zhibu::domain::sort::sort_by_key(&mut versions, |r| format!("{r:?}"));
    let mut expected = [Record::Activity(mine.clone()), Record::Activity(theirs.clone())];
    zhibu::domain::sort::sort_by_key(&mut expected, |r| format!("{r:?}"));
    assert_eq!(versions, expected);

    // The secretary merges both changes by hand; after syncing, both devices hold it, without a conflict.
    let mut merged = mine.clone();
    merged.content = theirs.content.clone();
    a.resolve(&id, Some(Record::Activity(merged.clone())));
    sync(&a, "a", &server).unwrap();
    sync(&b, "b", &server).unwrap();
    same(&a, &b);
    assert_eq!(b.record(&id), Some(Record::Activity(merged)));
    assert!(!b.state(&id).unwrap().in_conflict());
    assert_eq!(
        server.leaves(&id.to_string()).iter().filter(|l| !l.deleted).count(),
        1,
        "the other version is closed on the server too"
    );
}

#[test]
fn an_edit_beats_a_deletion_made_elsewhere() {
    let server = FakeCouch::new();
    let a = MemoryDb::with(&demo());
    sync(&a, "a", &server).unwrap();
    let b = MemoryDb::new();
    sync(&b, "b", &server).unwrap();
    let mut m = a.dataset().members[0].clone();
    let id = DocId::Member(m.id.clone());
    a.delete(&id);
    m.phone = "13800000000".into();
    b.edit(Record::Member(m.clone()));
    sync(&a, "a", &server).unwrap();
    sync(&b, "b", &server).unwrap();
    sync(&a, "a", &server).unwrap();
    same(&a, &b);
    assert_eq!(a.record(&id), Some(Record::Member(m)));
}

#[test]
fn a_dropped_connection_resumes_from_the_checkpoint_without_duplicates_or_loss() {
    let large = generate(&DemoSize::LARGE, d(2026, 6, 30), 3);
    let total = Record::all_of(&large).len();
    for fail_at in [3, 9, 25] {
        let server = FakeCouch::new();
        let pc = MemoryDb::with(&large);
        server.fail_at.set(Some(fail_at));
        let err = sync(&pc, "pc", &server).unwrap_err();
        assert!(err.is_transient(), "{err}");
        let written_before = server.written.get();
        sync(&pc, "pc", &server).unwrap();
        // Every record once, as one revision; what was written before the drop was not sent again.
        assert_eq!(server.live_ids().len(), total);
        assert!(server.live_ids().iter().all(|id| server.leaves(id).len() == 1));
        assert_eq!(
            server.written.get(),
            total,
            "fail at {fail_at}: {written_before} before the drop"
        );

        // The same for a pull into an empty device.
        let phone = MemoryDb::new();
        server.fail_at.set(Some(server.requests.get() + fail_at));
        assert!(sync(&phone, "phone", &server).is_err());
        sync(&phone, "phone", &server).unwrap();
        same(&pc, &phone);
        assert_eq!(phone.dataset(), pc.dataset());
    }
}

#[test]
fn a_device_offline_for_a_month_catches_up_both_ways() {
    let server = FakeCouch::new();
    let a = MemoryDb::with(&demo());
    sync(&a, "a", &server).unwrap();
    let b = MemoryDb::new();
    sync(&b, "b", &server).unwrap();
    // A month of work on a, while b (offline) edits too.
    let base = a.dataset();
    for (i, act) in base.activities.iter().take(40).enumerate() {
        let mut act = act.clone();
        act.theme = format!("第{i}次修改");
        a.edit(Record::Activity(act));
    }
    for m in base.members.iter().skip(5).take(10) {
        let mut m = m.clone();
        m.note = "手机上补的备注".into();
        b.edit(Record::Member(m));
    }
    sync(&b, "b", &server).unwrap();
    sync(&a, "a", &server).unwrap();
    sync(&b, "b", &server).unwrap();
    same(&a, &b);
    let data = b.dataset();
    assert_eq!(
        data.activities.iter().filter(|x| x.theme.contains("次修改")).count(),
        40
    );
    assert_eq!(data.members.iter().filter(|m| m.note == "手机上补的备注").count(), 10);
}

#[test]
fn the_same_backup_on_two_devices_makes_no_conflict() {
    let server = FakeCouch::new();
    let a = MemoryDb::with(&demo());
    let b = MemoryDb::with(&demo());
    sync(&a, "a", &server).unwrap();
    let report = sync(&b, "b", &server).unwrap();
    assert_eq!(report.pulled, 0);
    assert_eq!(report.pushed, 0);
    assert!(b.states().iter().all(|s| !s.in_conflict()));
}

#[test]
fn hostile_documents_are_set_aside_and_never_touch_local_data() {
    let server = FakeCouch::new();
    let a = MemoryDb::with(&demo());
    sync(&a, "a", &server).unwrap();
    let before = a.dataset();
    let victim = before.members[0].clone();
    let victim_id = DocId::Member(victim.id.clone()).to_string();
    // A new revision of a real member with a script for a name and 100 KB of it; an activity whose type
    // lies; a document of a kind nobody knows; fields of the wrong type; a design document.
    server.put_raw(
        &victim_id,
        &format!(
            r#"{{"type":"member","id":"{}","name":"<script>{}</script>","kind":"full","joined_branch":"2020-01-01"}}"#,
            victim.id,
            "x".repeat(100_000)
        ),
    );
    server.put_raw("activity:a-evil", r#"{"type":"member","id":"a-evil"}"#);
    server.put_raw("weird:thing", r#"{"type":"weird"}"#);
    server.put_raw(
        "member:m-evil2",
        r#"{"type":"member","id":"m-evil2","name":["x"],"kind":"full"}"#,
    );
    server.put_raw("_design/x", r#"{"validate_doc_update":"function(){}"}"#);
    let good = member("m-good", "新来的", MemberKind::Full);
    server.put_raw(
        "member:m-good",
        &format!(r#"{{"type":"member",{}"#, &serde_json::to_string(&good).unwrap()[1..]),
    );

    let report = sync(&a, "a", &server).unwrap();
    let ids: Vec<&str> = report.rejected.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids.len(), 4, "{:?}", report.rejected);
    for id in [victim_id.as_str(), "activity:a-evil", "weird:thing", "member:m-evil2"] {
        assert!(ids.contains(&id), "{id} in {ids:?}");
    }
    assert!(report.rejected.iter().all(|r| !r.reason.is_empty()));
    assert_eq!(a.rejected().len(), 4);
    // The good one arrived; the victim is untouched.
    let after = a.dataset();
    assert_eq!(after.member(&victim.id), Some(&victim));
    assert!(after.member(&mid("m-good")).is_some());
    assert_eq!(after.members.len(), before.members.len() + 1);
}

#[test]
fn a_read_only_account_keeps_local_edits_pending_until_they_can_be_sent() {
    let server = FakeCouch::new();
    let a = MemoryDb::with(&demo());
    sync(&a, "a", &server).unwrap();
    server.read_only.set(true);
    let mut m = a.dataset().members[1].clone();
    m.note = "只读账户改的".into();
    a.edit(Record::Member(m.clone()));
    let err = sync(&a, "a", &server).unwrap_err();
    assert!(matches!(err, SyncError::WriteRefused(1, _)), "{err}");
    assert!(err.to_string().contains("仍保存在本机"));
    assert_eq!(a.record(&DocId::Member(m.id.clone())), Some(Record::Member(m.clone())));
    // Still pending: the push checkpoint did not pass it.
    let session = Session {
        local_id: "a",
        remote_url: URL,
        session_id: "x",
    };
    server.read_only.set(false);
    let report = run(push(&server, &a, &session, &mut |_| {})).unwrap();
    assert_eq!(report.pushed, 1);
    let winner = server.winner(&DocId::Member(m.id.clone()).to_string()).unwrap();
    assert!(winner.contains("只读账户改的"));
}

#[test]
fn a_restored_backup_is_found_and_sent_as_new_revisions() {
    let server = FakeCouch::new();
    let a = MemoryDb::with(&demo());
    sync(&a, "a", &server).unwrap();
    let mut b = a.dataset().branch.clone();
    b.parent_org = "恢复备份后的上级党委".into();
    a.overwrite(Record::Branch(b));
    run(a.prepare()).unwrap();
    let states = a.states();
    assert_eq!(pending(&states, 0), states.len());
    let report = sync(&a, "a", &server).unwrap();
    assert_eq!(report.pushed, 1);
    assert!(server.winner("branch").unwrap().contains("恢复备份后的上级党委"));
}

#[test]
fn a_record_changed_behind_the_states_back_is_never_overwritten_by_a_pull() {
    let server = FakeCouch::new();
    let a = MemoryDb::with(&demo());
    sync(&a, "a", &server).unwrap();
    let b = MemoryDb::new();
    sync(&b, "b", &server).unwrap();
    let mut theirs = a.dataset().members[2].clone();
    let id = DocId::Member(theirs.id.clone());
    theirs.note = "另一台设备改的".into();
    b.edit(Record::Member(theirs.clone()));
    sync(&b, "b", &server).unwrap();
    // On a, a restored backup changed the same member without a revision (no prepare before the pull).
    let mut restored = theirs.clone();
    restored.note = "恢复的备份里的".into();
    a.overwrite(Record::Member(restored.clone()));
    let session = Session {
        local_id: "a",
        remote_url: URL,
        session_id: "s",
    };
    run(zhibu::domain::sync::replicate::pull(&server, &a, &session, &mut |_| {})).unwrap();
    // Both versions exist: one stored, the other kept as the conflict.
    let state = a.state(&id).unwrap();
    assert!(state.in_conflict());
    let stored = a.record(&id).unwrap();
    let other = Record::from_body(&id, &state.others[0].body).unwrap();
    let both = [stored, other];
    assert!(both.contains(&Record::Member(theirs)));
    assert!(both.contains(&Record::Member(restored)));
}

#[test]
fn an_empty_device_joining_makes_no_conflict() {
    let server = FakeCouch::new();
    let a = MemoryDb::with(&demo());
    sync(&a, "a", &server).unwrap();
    // A device that never stored anything (its branch profile blank) pulls the branch.
    let b = MemoryDb::new();
    run(b.prepare()).unwrap();
    let report = sync(&b, "b", &server).unwrap();
    assert_eq!(report.pushed, 0);
    assert!(b.states().iter().all(|s| !s.in_conflict()));
    same(&a, &b);
}

/// A live session keeps where it stands between runs (the logs its last run left on both sides): the next run
/// sends no checkpoint reads, pushes and pulls exactly what changed, and leaves the same checkpoints as a run
/// that read them.
#[test]
fn a_live_session_resumes_from_memory_without_reading_checkpoints() {
    let server = FakeCouch::new();
    let pc = MemoryDb::with(&demo());
    let phone = MemoryDb::new();
    let session = |name: &'static str| Session {
        local_id: name,
        remote_url: URL,
        session_id: name,
    };
    let noop = &mut |_: Progress| {};
    let pushed = run(push_from(&server, &pc, &session("pc"), None, noop)).unwrap();
    assert!(pushed.log.is_some());
    let pulled = run(pull_from(&server, &phone, &session("phone"), None, noop)).unwrap();
    assert!(pulled.pulled > 50 && pulled.log.is_some(), "{pulled:?}");

    // One edit on the pc; the next runs of both live sessions start from what they know.
    let mut data = pc.dataset();
    data.branch.name = "实时改名党支部".into();
    pc.edit(Record::Branch(data.branch.clone()));
    let before = server.requests.get();
    let again = run(push_from(&server, &pc, &session("pc"), pushed.log.clone(), noop)).unwrap();
    // revs_diff, bulk_docs, the checkpoint's write: no checkpoint read.
    assert_eq!((again.pushed, server.requests.get() - before), (1, 3));
    let before = server.requests.get();
    let got = run(pull_from(&server, &phone, &session("phone"), pulled.log.clone(), noop)).unwrap();
    // changes, bulk_get, the checkpoint's write: no checkpoint read.
    assert_eq!((got.pulled, server.requests.get() - before), (1, 3));
    assert_eq!(phone.dataset().branch.name, "实时改名党支部");

    // A run that reads the checkpoints finds them where the session left them: nothing more to do.
    let fresh = sync(&phone, "phone", &server).unwrap();
    assert_eq!((fresh.pulled, fresh.pushed), (0, 0));
    same(&pc, &phone);
}

/// A dataset with its lists in id order, as a fresh read of the store (or [`MemoryDb::dataset`]) gives them.
fn in_id_order(mut d: Dataset) -> Dataset {
    zhibu::domain::sort::sort_by(&mut d.groups, |a, b| a.id.cmp(&b.id));
    zhibu::domain::sort::sort_by(&mut d.members, |a, b| a.id.cmp(&b.id));
    zhibu::domain::sort::sort_by(&mut d.activities, |a, b| a.id.cmp(&b.id));
    zhibu::domain::sort::sort_by(&mut d.study_items, |a, b| a.id.cmp(&b.id));
    d
}

#[test]
fn what_a_pull_changed_patches_the_data_held_to_what_reading_everything_gives() {
    use zhibu::domain::sync::pulled::{patch, Pulled, PATCH_LIMIT};
    let server = FakeCouch::new();
    let a = MemoryDb::with(&demo());
    sync(&a, "a", &server).unwrap();
    let b = MemoryDb::new();
    sync(&b, "b", &server).unwrap();
    // The first pull brought every record: too many for a patch.
    assert!(b.dataset().activities.len() + b.dataset().members.len() > PATCH_LIMIT);
    assert_eq!(b.take_pulled(), Pulled::ReadAll);
    assert_eq!(b.take_pulled(), Pulled::Nothing);
    let held = b.dataset();

    // On a: the branch renamed, a member added and one changed, an activity and a study item deleted, rules
    // edited; and on b a conflicting edit of the same activity that a changes.
    let data = a.dataset();
    let mut branch = data.branch.clone();
    branch.name = "改名后的党支部".into();
    a.edit(Record::Branch(branch));
    a.edit(Record::Member(member("m-new", "新党员", MemberKind::Full)));
    let mut changed = data.members[3].clone();
    changed.phone = "13900000000".into();
    a.edit(Record::Member(changed));
    a.delete(&DocId::Activity(data.activities[0].id.clone()));
    a.delete(&DocId::StudyItem(data.study_items[0].id.clone()));
    let mut rules = data.effective_rules();
    rules[0].enabled = !rules[0].enabled;
    a.edit(Record::Rules(rules));
    let mut theirs = data.activities[1].clone();
    theirs.theme = "a 的主题".into();
    a.edit(Record::Activity(theirs));
    let mut ours = held.activities[1].clone();
    ours.theme = "b 的主题".into();
    b.edit(Record::Activity(ours.clone()));
    let mut held = held;
    held.activities[1] = ours;

    sync(&a, "a", &server).unwrap();
    sync(&b, "b", &server).unwrap();
    let Pulled::Patch(changes) = b.take_pulled() else {
        panic!("a patch")
    };
    assert!(changes.len() >= 6, "{changes:?}");
    patch(&mut held, changes);
    assert_eq!(in_id_order(held), in_id_order(b.dataset()));
    assert_eq!(b.take_pulled(), Pulled::Nothing);
}

/// A device that is `db` with two hooks: `before_checkpoint` runs before it writes each checkpoint, and
/// `before_set_aside` before it remembers set-aside documents (an error stops that write).
struct Hooked<'a, C, S> {
    db: &'a MemoryDb,
    before_checkpoint: C,
    before_set_aside: S,
}

impl<C: Fn(&str, &Checkpoint), S: Fn() -> Result<(), SyncError>> Local for Hooked<'_, C, S> {
    async fn prepare(&self) -> Result<(), SyncError> {
        self.db.prepare().await
    }
    async fn get_checkpoint(&self, rid: &str) -> Result<Option<Checkpoint>, SyncError> {
        self.db.get_checkpoint(rid).await
    }
    async fn put_checkpoint(&self, rid: &str, c: &Checkpoint) -> Result<(), SyncError> {
        (self.before_checkpoint)(rid, c);
        self.db.put_checkpoint(rid, c).await
    }
    async fn changes_since(&self, seq: u64, limit: usize) -> Result<Vec<DocState>, SyncError> {
        self.db.changes_since(seq, limit).await
    }
    async fn missing(&self, revs: &RevsByDoc) -> Result<RevsByDoc, SyncError> {
        self.db.missing(revs).await
    }
    async fn docs_to_push(&self, revs: &RevsByDoc) -> Result<Vec<String>, SyncError> {
        self.db.docs_to_push(revs).await
    }
    async fn apply(&self, docs: Vec<Incoming>) -> Result<usize, SyncError> {
        self.db.apply(docs).await
    }
    async fn set_aside(&self, rejected: Vec<Rejected>) -> Result<(), SyncError> {
        (self.before_set_aside)()?;
        self.db.set_aside(rejected).await
    }
}

/// No hook ([`Hooked`]).
fn no_checkpoint_hook(_: &str, _: &Checkpoint) {}

#[test]
fn documents_set_aside_are_listed_even_when_the_run_that_read_them_stopped() {
    let server = FakeCouch::new();
    let a = MemoryDb::with(&demo());
    sync(&a, "a", &server).unwrap();
    server.put_raw("activity:a-evil", r#"{"type":"member","id":"a-evil"}"#);
    // Its first attempt to remember set-aside documents fails (as a page closed at that moment).
    let failed = std::cell::Cell::new(false);
    let device = Hooked {
        db: &a,
        before_checkpoint: no_checkpoint_hook,
        before_set_aside: || match failed.replace(true) {
            false => Err(SyncError::Local("页面已关闭".into())),
            true => Ok(()),
        },
    };
    let session = |n: u32| Session {
        local_id: "a",
        remote_url: URL,
        session_id: if n == 1 { "s1" } else { "s2" },
    };
    // The first run stops where it would list the document; it must not have passed it by its checkpoint.
    assert!(run(pull_from(&server, &device, &session(1), None, &mut |_: Progress| {})).is_err());
    run(pull_from(&server, &device, &session(2), None, &mut |_: Progress| {})).unwrap();
    let ids: Vec<String> = a.rejected().into_iter().map(|r| r.id).collect();
    assert_eq!(ids, ["activity:a-evil"]);
}

/// Checks, at every checkpoint `db` writes, that the checkpoint passes nothing it has not done: a pull's
/// checkpoint (`pull_rid`) only what `db` stored, a push's only what `server` holds; counts the checks.
fn audit(
    db: &MemoryDb,
    server: &FakeCouch,
    pull_rid: &str,
    checked: &std::cell::Cell<usize>,
    rid: &str,
    c: &Checkpoint,
) {
    use zhibu::domain::sync::replicate::Remote;
    use zhibu::domain::sync::wire::Seq;
    let up_to = c.source_last_seq.as_local();
    if rid == pull_rid {
        // Every revision the server listed up to the checkpoint is stored here.
        let requests = server.requests.get();
        let all = run(server.changes(&Seq::zero(), usize::MAX)).unwrap();
        server.requests.set(requests);
        let listed: RevsByDoc = all
            .results
            .iter()
            .filter(|ch| ch.seq.as_local() <= up_to && !ch.id.starts_with('_'))
            .map(|ch| {
                let revs = ch.changes.iter().map(|r| Rev::parse(&r.rev).unwrap()).collect();
                (ch.id.clone(), revs)
            })
            .collect();
        assert_eq!(
            run(db.missing(&listed)).unwrap(),
            RevsByDoc::new(),
            "pull checkpoint {up_to}"
        );
    } else {
        // Every revision of this device up to the checkpoint is on the server.
        let mine: RevsByDoc = db
            .states()
            .into_iter()
            .filter(|s| s.seq <= up_to)
            .map(|s| (s.id.clone(), s.tree.leaf_revs()))
            .collect();
        let requests = server.requests.get();
        let lacking = run(server.revs_diff(&mine)).unwrap();
        server.requests.set(requests);
        assert!(
            lacking.values().all(Vec::is_empty),
            "push checkpoint {up_to}: {lacking:?}"
        );
    }
    checked.set(checked.get() + 1);
}

#[test]
fn a_checkpoint_never_passes_what_is_not_yet_stored_on_the_other_side() {
    use zhibu::domain::sync::checkpoint::{replication_id, Direction};
    // LARGE: several pages of changes, each fetched and stored in pieces while the next is read.
    let large = generate(&DemoSize::LARGE, d(2026, 6, 30), 5);
    let server = FakeCouch::new();
    for (name, db) in [("pc", MemoryDb::with(&large)), ("phone", MemoryDb::new())] {
        let pull_rid = replication_id(name, URL, Direction::Pull);
        let checked = std::cell::Cell::new(0);
        let device = Hooked {
            db: &db,
            before_checkpoint: |rid: &str, c: &Checkpoint| audit(&db, &server, &pull_rid, &checked, rid, c),
            before_set_aside: || Ok(()),
        };
        let session = Session {
            local_id: name,
            remote_url: URL,
            session_id: name,
        };
        let report = run(sync_once(&server, &device, &session, &mut |_: Progress| {})).unwrap();
        // Both directions wrote a checkpoint per page of changes: LARGE's push (pc) or pull (phone) several.
        assert!(checked.get() >= 4, "{name}: {} checkpoints, {report:?}", checked.get());
    }
}
