#![cfg(target_arch = "wasm32")]
//! Browser tests of `zhibu::store` against the real IndexedDB of headless Chromium.
//!
//! Run: `CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=120 cargo test --target
//! wasm32-unknown-unknown --test store`. All tests share one page, so each uses its own database, deleted
//! at the start (leftovers) and at the end.
//!
//! Failures are injected with a wrapper around `IDBObjectStore.prototype.put` (see [`install_put_faults`])
//! that only touches records whose `name` (or `theme`) is one of the `REJECT_*` markers: it makes the real IndexedDB
//! reject that one record, either synchronously (a value that cannot be structured-cloned →
//! `DataCloneError`) or asynchronously (an `add` over an existing key → `ConstraintError`, which aborts the
//! transaction after the earlier puts of the batch have succeeded). `QuotaExceededError` cannot be produced
//! on demand, so that one is thrown by the wrapper itself to check how it is reported.

use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use wasm_bindgen_test::*;
use zhibu::domain::{member_review, org_life};
use zhibu::domain::{
    Activity, ActivityId, ActivityKind, ActivityStatus, AttendanceEntry, AttendanceStatus, Branch, CommitteeRole,
    CommitteeSeat, Dataset, Date, Excusal, GroupId, MakeUp, MakeUpWay, Member, MemberId, MemberKind, NameOrder,
    PartyGroup, StudyFormat, StudyItem, StudyItemId, Time, Vote,
};
use zhibu::store::schema::{self, Upgrade};
use zhibu::store::{
    SnapshotPlan, SnapshotSummary, Store, StoreError, META_DAILY_SNAPSHOT, META_LAST_BACKUP, META_OVERVIEW,
    META_SNAPSHOT_INDEX, META_START_SLICE,
};

wasm_bindgen_test_configure!(run_in_browser);

const REJECT_CLONE: &str = "__reject_clone__";
const REJECT_CONSTRAINT: &str = "__reject_constraint__";
const REJECT_QUOTA: &str = "__reject_quota__";

// ---------------------------------------------------------------------------------------------------------
// Fixtures

fn d(y: i32, m: u8, day: u8) -> Date {
    Date::ymd(y, m, day)
}

/// A database name unique to this test and this run; any leftover of it is deleted first.
async fn fresh(test: &str) -> (String, Store) {
    let name = format!("zhibu-test-{test}-{}", (js_sys::Math::random() * 1e9) as u64);
    Store::delete_database(&name).await.unwrap();
    let store = Store::open(&name).await.unwrap();
    (name, store)
}

/// The first stage as the start makes it: the first read, then the first stage made of it.
async fn load_overview(store: &Store, today: Date) -> Result<Option<zhibu::store::Overview>, StoreError> {
    let read = store.read_start(&[]).await?;
    store.overview_from(read, today).await
}

async fn finish(name: &str, store: Store) {
    store.close();
    Store::delete_database(name).await.unwrap();
}

fn group(id: &str, name: &str, leader: Option<&str>) -> PartyGroup {
    PartyGroup {
        id: GroupId::from(id),
        name: name.to_owned(),
        group_leader: leader.map(MemberId::from),
    }
}

/// A member with every field set.
fn full_member(id: &str, name: &str, group: Option<&str>) -> Member {
    Member {
        id: MemberId::from(id),
        name: name.to_owned(),
        kind: MemberKind::Full,
        group: group.map(GroupId::from),
        party_joined: Some(d(2001, 7, 1)),
        full_since: Some(d(2002, 7, 1)),
        joined_branch: Some(d(2015, 3, 9)),
        left_branch: Some(d(2030, 12, 31)),
        mobile: true,
        excused: vec![
            Excusal {
                from: d(2026, 1, 5),
                to: Some(d(2026, 2, 28)),
                note: "病假 <b>三个月</b> & \"引号\"".to_owned(),
            },
            Excusal {
                from: d(2026, 9, 1),
                to: None,
                note: "出国".to_owned(),
            },
        ],
        phone: "138-0000-0000".to_owned(),
        note: "备注\n第二行\t制表".to_owned(),
    }
}

/// A member with every optional field empty.
fn bare_member(id: &str, name: &str, group: Option<&str>) -> Member {
    Member {
        id: MemberId::from(id),
        name: name.to_owned(),
        kind: MemberKind::Activist,
        group: group.map(GroupId::from),
        party_joined: None,
        full_since: None,
        joined_branch: None,
        left_branch: None,
        mobile: false,
        excused: Vec::new(),
        phone: String::new(),
        note: String::new(),
    }
}

/// An activity with every field set, including fractional study hours.
fn full_activity(id: &str, kind: ActivityKind, date: Date) -> Activity {
    Activity {
        id: ActivityId::from(id),
        kind,
        status: ActivityStatus::Held,
        date,
        start: Some(Time::hm(9, 0)),
        end: Some(Time::hm(11, 30)),
        location: "三楼会议室".to_owned(),
        theme: "学习贯彻党的二十大精神".to_owned(),
        group: Some(GroupId::from("g-1")),
        host: Some(MemberId::from("m-1")),
        recorder: Some(MemberId::from("m-2")),
        lecturer: Some(MemberId::from("m-1")),
        lecturer_name: "外请专家".to_owned(),
        agenda: vec!["传达文件".to_owned(), "讨论".to_owned(), String::new()],
        content: "发言摘要……\n第二段".to_owned(),
        resolution: "一致通过".to_owned(),
        vote: Some(Vote {
            eligible: 12,
            present: 11,
            in_favour: 10,
            against: 0,
            abstain: 1,
        }),
        attendance: vec![
            AttendanceEntry {
                member: MemberId::from("m-1"),
                status: AttendanceStatus::Present,
                reason: String::new(),
                make_up: None,
            },
            AttendanceEntry {
                member: MemberId::from("m-2"),
                status: AttendanceStatus::Leave,
                reason: "出差".to_owned(),
                make_up: Some(MakeUp {
                    date: date.add_days(3).unwrap(),
                    way: MakeUpWay::SelfStudy,
                    note: "已自学".to_owned(),
                }),
            },
            AttendanceEntry {
                member: MemberId::from("m-3"),
                status: AttendanceStatus::Observer,
                reason: String::new(),
                make_up: None,
            },
        ],
        study_hours: 1.0 / 3.0,
        review: Some(member_review::MemberReview {
            self_review: Some(date),
            mutual_review: Some(date),
            ballot: Some(date),
            decided: Some(date),
            members: vec![member_review::RatedMember {
                ballots: member_review::Ballots {
                    excellent: 3,
                    qualified: 8,
                    basically_qualified: 1,
                    unqualified: 0,
                },
                rating: Some(member_review::Rating::Qualified),
                handling: "继续保持".to_owned(),
                follow_up: date.add_days(30),
                member: MemberId::from("m-1"),
            }],
        }),
        examinations: vec![org_life::Examination {
            member: MemberId::from("m-1"),
            points: "理论学习不够系统".to_owned(),
            criticism: "联系群众不够".to_owned(),
        }],
        rectifications: vec![org_life::Rectification {
            id: "r1".to_owned(),
            problem: "学习制度落实不严".to_owned(),
            measure: "每月集中学习".to_owned(),
            owner: Some(MemberId::from("m-2")),
            due: date.add_days(90),
            closed: None,
            evidence: String::new(),
        }],
    }
}

/// An activity with every optional field empty.
fn bare_activity(id: &str, kind: ActivityKind, date: Date) -> Activity {
    Activity {
        status: ActivityStatus::Planned,
        ..Activity::new(ActivityId::from(id), kind, date)
    }
}

fn full_study_item(id: &str, date: Date) -> StudyItem {
    StudyItem {
        id: StudyItemId::from(id),
        date,
        whole_week: true,
        topic: "《中国共产党章程》第一章".to_owned(),
        materials: "党章\n二十大报告".to_owned(),
        format: StudyFormat::Seminar,
        study_leader: Some(MemberId::from("m-1")),
        study_hours: 0.1,
        activity: Some(ActivityId::from("a-1")),
        done: true,
    }
}

fn bare_study_item(id: &str, date: Date) -> StudyItem {
    StudyItem {
        id: StudyItemId::from(id),
        date,
        whole_week: false,
        topic: "自学".to_owned(),
        materials: String::new(),
        format: StudyFormat::SelfStudy,
        study_leader: None,
        study_hours: 0.0,
        activity: None,
        done: false,
    }
}

fn full_branch() -> Branch {
    Branch {
        name: "××局办公室党支部".to_owned(),
        parent_org: "××局机关党委".to_owned(),
        committee: vec![
            CommitteeSeat {
                role: CommitteeRole::Secretary,
                member: MemberId::from("m-1"),
            },
            CommitteeSeat {
                role: CommitteeRole::Organization,
                member: MemberId::from("m-1"),
            },
            CommitteeSeat {
                role: CommitteeRole::Publicity,
                member: MemberId::from("m-2"),
            },
        ],
        name_order: NameOrder::Pinyin,
    }
}

/// A dataset using every record kind, in the order `load_all` returns it (ids ascending; dates ascending).
fn sample_dataset() -> Dataset {
    Dataset {
        branch: full_branch(),
        groups: vec![
            group("g-1", "第一党小组", Some("m-1")),
            group("g-2", "第二党小组", None),
        ],
        members: vec![
            full_member("m-1", "张三", Some("g-1")),
            bare_member("m-2", "李四", None),
            full_member("m-3", "王五", Some("g-2")),
        ],
        activities: vec![
            full_activity("a-1", ActivityKind::GeneralMeeting, d(2026, 1, 10)),
            bare_activity("a-2", ActivityKind::ThemeDay, d(2026, 2, 20)),
        ],
        study_items: vec![
            bare_study_item("s-2", d(2026, 1, 5)),
            full_study_item("s-1", d(2026, 1, 12)),
        ],
        rules: Vec::new(),
    }
}

/// Makes the real `IDBObjectStore.put` reject records whose `name` (members) or `theme` (activities) is a
/// `REJECT_*` marker (idempotent).
fn install_put_faults() {
    let js = format!(
        r#"
        if (!globalThis.__zhibuOriginalPut) {{
            const original = IDBObjectStore.prototype.put;
            globalThis.__zhibuOriginalPut = original;
            IDBObjectStore.prototype.put = function (value, ...rest) {{
                const name = value && typeof value === "object" ? (value.name ?? value.theme) : undefined;
                if (name === "{REJECT_CLONE}") {{
                    // Functions cannot be structured-cloned: put throws DataCloneError.
                    return original.call(this, Object.assign({{}}, value, {{ poison() {{}} }}), ...rest);
                }}
                if (name === "{REJECT_CONSTRAINT}") {{
                    // add over an existing key: the request fails later with ConstraintError.
                    return this.add(value, ...rest);
                }}
                if (name === "{REJECT_QUOTA}") {{
                    throw new DOMException("simulated quota", "QuotaExceededError");
                }}
                return original.call(this, value, ...rest);
            }};
        }}
        "#
    );
    js_sys::Function::new_no_args(&js)
        .call0(&wasm_bindgen::JsValue::NULL)
        .unwrap();
}

// ---------------------------------------------------------------------------------------------------------
// Opening

#[wasm_bindgen_test]
async fn new_database_is_empty_and_records_its_schema() {
    let (name, store) = fresh("empty").await;
    assert_eq!(store.load_all().await.unwrap(), Dataset::default());
    let info = store
        .schema_info()
        .await
        .unwrap()
        .expect("schema info written by the upgrade");
    assert_eq!(info.version, schema::VERSION);
    assert_eq!(info.app_version, env!("CARGO_PKG_VERSION"));
    assert_eq!(store.meta::<String>(META_LAST_BACKUP).await.unwrap(), None);
    assert!(snapshot_ids(&store).await.is_empty());
    finish(&name, store).await;
}

#[wasm_bindgen_test]
async fn data_survives_closing_and_reopening() {
    let (name, store) = fresh("reopen").await;
    let data = sample_dataset();
    store.replace_all(&data).await.unwrap();
    store
        .set_meta(META_LAST_BACKUP, &"2026-11-21T19:32:00+08:00".to_owned())
        .await
        .unwrap();
    store.close();

    let store = Store::open(&name).await.unwrap();
    assert_eq!(store.load_all().await.unwrap(), data);
    assert_eq!(
        store.meta::<String>(META_LAST_BACKUP).await.unwrap().as_deref(),
        Some("2026-11-21T19:32:00+08:00")
    );
    finish(&name, store).await;
}

// ---------------------------------------------------------------------------------------------------------
// CRUD per store, with full-field round trips

#[wasm_bindgen_test]
async fn branch_round_trip_and_overwrite() {
    let (name, store) = fresh("branch").await;
    let branch = full_branch();
    store.save_branch(&branch).await.unwrap();
    assert_eq!(store.load_all().await.unwrap().branch, branch);

    let renamed = Branch {
        name: "新支部".to_owned(),
        ..Branch::default()
    };
    store.save_branch(&renamed).await.unwrap();
    let loaded = store.load_all().await.unwrap();
    assert_eq!(loaded.branch, renamed);
    assert!(loaded.groups.is_empty() && loaded.members.is_empty());
    finish(&name, store).await;
}

#[wasm_bindgen_test]
async fn groups_create_update_delete() {
    let (name, store) = fresh("groups").await;
    let g1 = group("g-1", "第一党小组", Some("m-1"));
    let g2 = group("g-2", "第二党小组", None);
    store.put_group(&g2).await.unwrap();
    store.put_group(&g1).await.unwrap();
    assert_eq!(store.load_all().await.unwrap().groups, vec![g1.clone(), g2.clone()]);

    let g1_renamed = group("g-1", "一组", None);
    store.put_group(&g1_renamed).await.unwrap();
    assert_eq!(store.load_all().await.unwrap().groups, vec![g1_renamed, g2.clone()]);

    store.delete_group(&GroupId::from("g-1")).await.unwrap();
    assert_eq!(store.load_all().await.unwrap().groups, vec![g2]);
    // Deleting what is not there is not an error.
    store.delete_group(&GroupId::from("g-404")).await.unwrap();
    finish(&name, store).await;
}

#[wasm_bindgen_test]
async fn members_create_update_delete_with_every_field() {
    let (name, store) = fresh("members").await;
    let full = full_member("m-1", "张三", Some("g-1"));
    let bare = bare_member("m-2", "李四", None);
    store.put_member(&full).await.unwrap();
    store.put_member(&bare).await.unwrap();
    assert_eq!(
        store.load_all().await.unwrap().members,
        vec![full.clone(), bare.clone()]
    );

    // Updating clears optional fields: None must come back as None, not as the old value.
    let mut emptied = full.clone();
    emptied.group = None;
    emptied.party_joined = None;
    emptied.full_since = None;
    emptied.left_branch = None;
    emptied.excused.clear();
    emptied.kind = MemberKind::Probationary;
    store.put_member(&emptied).await.unwrap();
    assert_eq!(store.load_all().await.unwrap().members, vec![emptied, bare.clone()]);

    store.delete_member(&MemberId::from("m-1")).await.unwrap();
    assert_eq!(store.load_all().await.unwrap().members, vec![bare]);

    let batch = vec![
        full_member("m-5", "赵六", None),
        bare_member("m-4", "钱七", Some("g-9")),
    ];
    store.put_members(&batch).await.unwrap();
    let loaded = store.load_all().await.unwrap().members;
    let ids: Vec<&str> = loaded.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["m-2", "m-4", "m-5"]);
    assert_eq!(loaded[1], batch[1]);
    assert_eq!(loaded[2], batch[0]);
    finish(&name, store).await;
}

#[wasm_bindgen_test]
async fn activities_create_update_delete_with_every_field() {
    let (name, store) = fresh("activities").await;
    let full = full_activity("a-1", ActivityKind::GeneralMeeting, d(2026, 3, 15));
    let bare = bare_activity("a-2", ActivityKind::PartyLecture, d(2026, 3, 1));
    store.put_activity(&full).await.unwrap();
    store.put_activity(&bare).await.unwrap();
    // load_all returns activities by date.
    assert_eq!(
        store.load_all().await.unwrap().activities,
        vec![bare.clone(), full.clone()]
    );
    assert_eq!(store.load_all().await.unwrap().activities[1].study_hours, 1.0 / 3.0);

    let mut moved = full.clone();
    moved.date = d(2026, 2, 1);
    moved.vote = None;
    moved.start = None;
    moved.attendance.truncate(1);
    moved.status = ActivityStatus::Cancelled;
    moved.study_hours = 2.5;
    store.put_activity(&moved).await.unwrap();
    assert_eq!(store.load_all().await.unwrap().activities, vec![moved, bare.clone()]);

    store.delete_activity(&ActivityId::from("a-1")).await.unwrap();
    assert_eq!(store.load_all().await.unwrap().activities, vec![bare.clone()]);

    let plan: Vec<Activity> = (1..=12)
        .map(|m| bare_activity(&format!("a-plan-{m:02}"), ActivityKind::ThemeDay, d(2026, m, 10)))
        .collect();
    store.put_activities(&plan).await.unwrap();
    // By date: the plan's January and February entries come before the 1 March lecture.
    let mut expected = plan.clone();
    expected.insert(2, bare);
    assert_eq!(store.load_all().await.unwrap().activities, expected);
    finish(&name, store).await;
}

#[wasm_bindgen_test]
async fn study_items_create_update_delete_with_every_field() {
    let (name, store) = fresh("study").await;
    let full = full_study_item("s-1", d(2026, 4, 6));
    let bare = bare_study_item("s-2", d(2026, 4, 1));
    store.put_study_item(&full).await.unwrap();
    store.put_study_item(&bare).await.unwrap();
    assert_eq!(
        store.load_all().await.unwrap().study_items,
        vec![bare.clone(), full.clone()]
    );
    assert_eq!(store.load_all().await.unwrap().study_items[1].study_hours, 0.1);

    let mut edited = full.clone();
    edited.study_leader = None;
    edited.activity = None;
    edited.done = false;
    edited.topic = "改了".to_owned();
    store.put_study_item(&edited).await.unwrap();
    assert_eq!(store.load_all().await.unwrap().study_items, vec![bare.clone(), edited]);

    store.delete_study_item(&StudyItemId::from("s-1")).await.unwrap();
    assert_eq!(store.load_all().await.unwrap().study_items, vec![bare]);
    finish(&name, store).await;
}

// ---------------------------------------------------------------------------------------------------------
// Multi-record writes: all or nothing

#[wasm_bindgen_test]
async fn delete_group_takes_its_members_out_in_the_same_transaction() {
    let (name, store) = fresh("delgroup").await;
    let data = sample_dataset();
    store.replace_all(&data).await.unwrap();
    store.put_member(&bare_member("m-9", "九", Some("g-1"))).await.unwrap();

    store.delete_group(&GroupId::from("g-1")).await.unwrap();
    let loaded = store.load_all().await.unwrap();
    assert_eq!(loaded.groups, vec![data.groups[1].clone()]);
    let mut m1 = data.members[0].clone();
    m1.group = None;
    let mut m9 = bare_member("m-9", "九", Some("g-1"));
    m9.group = None;
    // Only the group changed; every other field of those members is intact; other groups untouched.
    assert_eq!(
        loaded.members,
        vec![m1, data.members[1].clone(), data.members[2].clone(), m9]
    );
    assert_eq!(loaded.activities, data.activities);
    finish(&name, store).await;
}

#[wasm_bindgen_test]
async fn put_members_rejected_record_leaves_nothing_behind() {
    install_put_faults();
    let (name, store) = fresh("atomic").await;
    let existing = vec![
        full_member("m-1", "张三", Some("g-1")),
        bare_member("m-2", "李四", None),
    ];
    store.put_members(&existing).await.unwrap();
    let before = store.load_all().await.unwrap();

    // Synchronous rejection (DataCloneError) of the third record, after two puts went out: one updates an
    // existing member, one adds a new member.
    let mut changed = existing[0].clone();
    changed.name = "张三（改）".to_owned();
    let batch = vec![
        changed.clone(),
        full_member("m-3", "新人", None),
        bare_member("m-4", REJECT_CLONE, None),
        bare_member("m-5", "后来者", None),
    ];
    let err = store.put_members(&batch).await.unwrap_err();
    match &err {
        StoreError::Write(msg) => assert!(msg.contains("DataCloneError"), "{msg}"),
        other => panic!("expected a write error, got {other:?}"),
    }
    assert_eq!(store.load_all().await.unwrap(), before);

    // Asynchronous rejection (ConstraintError on the third request) aborts the transaction at commit.
    let batch = vec![
        changed.clone(),
        full_member("m-3", "新人", None),
        bare_member("m-2", REJECT_CONSTRAINT, None),
        bare_member("m-5", "后来者", None),
    ];
    let err = store.put_members(&batch).await.unwrap_err();
    match &err {
        StoreError::Write(msg) => assert!(msg.contains("ConstraintError"), "{msg}"),
        other => panic!("expected a write error, got {other:?}"),
    }
    assert_eq!(store.load_all().await.unwrap(), before);

    // A quota error is reported as such.
    let batch = vec![changed, bare_member("m-6", REJECT_QUOTA, None)];
    assert_eq!(store.put_members(&batch).await.unwrap_err(), StoreError::QuotaExceeded);
    assert_eq!(store.load_all().await.unwrap(), before);

    // The connection is still usable afterwards.
    store.put_member(&bare_member("m-7", "正常", None)).await.unwrap();
    assert_eq!(store.load_all().await.unwrap().members.len(), 3);
    finish(&name, store).await;
}

#[wasm_bindgen_test]
async fn put_activities_rejected_record_leaves_nothing_behind() {
    install_put_faults();
    let (name, store) = fresh("atomic-act").await;
    let first = full_activity("a-1", ActivityKind::ThemeDay, d(2026, 1, 1));
    store.put_activity(&first).await.unwrap();
    let before = store.load_all().await.unwrap();

    // A generated year plan whose 7th record is rejected (the marker is in `theme`); the 8th updates a-1.
    let mut plan: Vec<Activity> = (1..=12)
        .map(|m| bare_activity(&format!("a-plan-{m:02}"), ActivityKind::GroupMeeting, d(2026, m, 5)))
        .collect();
    let mut updated_first = first.clone();
    updated_first.theme = "改过的主题".to_owned();
    plan.insert(7, updated_first);
    for marker in [REJECT_CLONE, REJECT_CONSTRAINT] {
        let mut batch = plan.clone();
        batch[6].theme = marker.to_owned();
        if marker == REJECT_CONSTRAINT {
            batch[6].id = ActivityId::from("a-1");
        }
        let err = store.put_activities(&batch).await.unwrap_err();
        let expected = if marker == REJECT_CLONE {
            "DataCloneError"
        } else {
            "ConstraintError"
        };
        match &err {
            StoreError::Write(msg) => assert!(msg.contains(expected), "{marker}: {msg}"),
            other => panic!("{marker}: expected a write error, got {other:?}"),
        }
        assert_eq!(store.load_all().await.unwrap(), before, "{marker}");
    }

    store.put_activities(&plan).await.unwrap();
    let loaded = store.load_all().await.unwrap().activities;
    assert_eq!(loaded.len(), 13);
    assert_eq!(loaded[0], plan[7]);
    finish(&name, store).await;
}

#[wasm_bindgen_test]
async fn replace_all_replaces_everything_atomically() {
    install_put_faults();
    let (name, store) = fresh("replace").await;
    let old = sample_dataset();
    store.replace_all(&old).await.unwrap();
    assert_eq!(store.load_all().await.unwrap(), old);

    let new = Dataset {
        branch: Branch {
            name: "另一个支部".to_owned(),
            parent_org: "总支".to_owned(),
            ..Branch::default()
        },
        groups: vec![group("g-9", "九组", None)],
        members: vec![bare_member("m-9", "新成员", Some("g-9"))],
        activities: vec![full_activity("a-9", ActivityKind::HeartTalk, d(2027, 1, 1))],
        study_items: Vec::new(),
        rules: Vec::new(),
    };
    store.replace_all(&new).await.unwrap();
    assert_eq!(store.load_all().await.unwrap(), new);
    // Nothing of the old data survives in the indexes either: load_all reads the activities through the date
    // index, and deleting a group that only the old data had finds no member through the group index.
    store.delete_group(&GroupId::from("g-1")).await.unwrap();
    assert_eq!(store.load_all().await.unwrap(), new);

    // A replacement that fails part-way (after the clears and most puts) leaves the previous data intact.
    let mut broken = old.clone();
    broken.members.push(bare_member("m-x", REJECT_CLONE, None));
    assert!(matches!(store.replace_all(&broken).await, Err(StoreError::Write(_))));
    assert_eq!(store.load_all().await.unwrap(), new);

    let mut broken = old.clone();
    broken.members.push(bare_member("m-1", REJECT_CONSTRAINT, None));
    assert!(matches!(store.replace_all(&broken).await, Err(StoreError::Write(_))));
    assert_eq!(store.load_all().await.unwrap(), new);

    // Replacing with nothing empties the data but keeps meta.
    store.set_meta(META_LAST_BACKUP, &"t".to_owned()).await.unwrap();
    store.replace_all(&Dataset::default()).await.unwrap();
    assert_eq!(store.load_all().await.unwrap(), Dataset::default());
    assert_eq!(
        store.meta::<String>(META_LAST_BACKUP).await.unwrap().as_deref(),
        Some("t")
    );

    store.replace_all(&old).await.unwrap();
    store.clear_all().await.unwrap();
    assert_eq!(store.load_all().await.unwrap(), Dataset::default());
    finish(&name, store).await;
}

// ---------------------------------------------------------------------------------------------------------
// Meta and snapshots

/// The ids of the stored snapshots, oldest (smallest) first, through the list the 数据 page reads.
async fn snapshot_ids(store: &Store) -> Vec<String> {
    let mut ids: Vec<String> = store
        .snapshot_summaries()
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.id)
        .collect();
    ids.reverse();
    ids
}

#[wasm_bindgen_test]
async fn snapshots_keep_the_newest() {
    let (name, store) = fresh("snapshots").await;
    let data = sample_dataset();
    // Taken the way the app takes them: keeping the stored data before it is replaced (here by the same).
    store.replace_all(&data).await.unwrap();
    for (i, id) in [
        "2026-01-01T10:00",
        "2026-01-03T10:00",
        "2026-01-02T10:00",
        "2026-01-04T10:00",
    ]
    .into_iter()
    .enumerate()
    {
        let plan = SnapshotPlan {
            id: id.to_owned(),
            taken_at: id.to_owned(),
            reason: format!("第{i}次"),
            keep: 3,
        };
        assert!(store.replace_all_after_snapshot(&data, Some(&plan)).await.unwrap());
    }
    assert_eq!(
        snapshot_ids(&store).await,
        ["2026-01-02T10:00", "2026-01-03T10:00", "2026-01-04T10:00"]
    );
    let got = store.snapshot("2026-01-02T10:00").await.unwrap().unwrap();
    assert_eq!(got.data, data);
    assert_eq!(got.reason, "第2次");
    assert_eq!(store.snapshot("2026-01-01T10:00").await.unwrap(), None);

    // Snapshots are not branch data: replace_all leaves them.
    store.replace_all(&Dataset::default()).await.unwrap();
    assert_eq!(snapshot_ids(&store).await.len(), 3);
    finish(&name, store).await;
}

fn plan(id: &str, reason: &str, keep: usize) -> SnapshotPlan {
    SnapshotPlan {
        id: id.to_owned(),
        taken_at: format!("{id}+08:00"),
        reason: reason.to_owned(),
        keep,
    }
}

#[wasm_bindgen_test]
async fn replace_all_keeps_the_previous_data_as_a_snapshot_in_the_same_transaction() {
    install_put_faults();
    let (name, store) = fresh("snap-replace").await;
    let old = sample_dataset();

    // Nothing stored yet: no snapshot.
    let taken = store
        .replace_all_after_snapshot(&old, Some(&plan("2026-01-01T08:00", "导入前", 7)))
        .await
        .unwrap();
    assert!(!taken);
    assert!(snapshot_ids(&store).await.is_empty());

    // Replacing stored data keeps it.
    let mut new = Dataset::default();
    new.members.push(bare_member("m-9", "新人", None));
    let taken = store
        .replace_all_after_snapshot(&new, Some(&plan("2026-01-02T08:00", "导入前", 7)))
        .await
        .unwrap();
    assert!(taken);
    assert_eq!(store.load_all().await.unwrap().members, new.members);
    let kept = store.snapshot("2026-01-02T08:00").await.unwrap().unwrap();
    assert_eq!(kept.data, old);
    assert_eq!(kept.reason, "导入前");
    assert_eq!(kept.taken_at, "2026-01-02T08:00+08:00");

    // A replacement that fails (a record rejected at commit, or a quota error) leaves no snapshot behind and
    // the data as it was.
    let before = store.load_all().await.unwrap();
    let mut bad = old.clone();
    bad.members.push(bare_member("m-1", REJECT_CONSTRAINT, None));
    let err = store
        .replace_all_after_snapshot(&bad, Some(&plan("2026-01-03T08:00", "导入前", 7)))
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Write(ref m) if m.contains("ConstraintError")),
        "{err:?}"
    );
    let mut too_big = old.clone();
    too_big.members.push(bare_member("m-quota", REJECT_QUOTA, None));
    assert_eq!(
        store
            .replace_all_after_snapshot(&too_big, Some(&plan("2026-01-04T08:00", "导入前", 7)))
            .await
            .unwrap_err(),
        StoreError::QuotaExceeded
    );
    assert_eq!(store.load_all().await.unwrap(), before);
    assert_eq!(snapshot_ids(&store).await, ["2026-01-02T08:00"]);
    finish(&name, store).await;
}

#[wasm_bindgen_test]
async fn clear_all_keeps_the_data_as_a_snapshot_and_summaries_come_newest_first() {
    let (name, store) = fresh("snap-clear").await;
    let data = sample_dataset();
    store.replace_all(&data).await.unwrap();
    assert!(store
        .clear_all_after_snapshot(Some(&plan("2026-02-01T09:00", "清空前", 7)))
        .await
        .unwrap());
    assert_eq!(store.load_all().await.unwrap(), Dataset::default());
    // Clearing an empty store keeps nothing.
    assert!(!store
        .clear_all_after_snapshot(Some(&plan("2026-02-01T09:01", "清空前", 7)))
        .await
        .unwrap());
    store.replace_all(&data).await.unwrap();
    let mut smaller = data.clone();
    smaller.activities.clear();
    store
        .replace_all_after_snapshot(&smaller, Some(&plan("2026-02-02T09:00", "导入前", 7)))
        .await
        .unwrap();

    let list = store.snapshot_summaries().await.unwrap();
    let ids: Vec<&str> = list.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["2026-02-02T09:00", "2026-02-01T09:00"]);
    assert_eq!(list[1].reason, "清空前");
    assert_eq!(list[1].branch_name, data.branch.name);
    assert_eq!(list[1].members, data.members.len());
    assert_eq!(list[1].groups, data.groups.len());
    assert_eq!(list[1].activities, data.activities.len());
    assert_eq!(list[1].study_items, data.study_items.len());

    // Restoring = replacing with the snapshot's data (the app keeps the current state first).
    let snapshot = store.snapshot("2026-02-01T09:00").await.unwrap().unwrap();
    store
        .replace_all_after_snapshot(&snapshot.data, Some(&plan("2026-02-03T09:00", "恢复快照前", 7)))
        .await
        .unwrap();
    assert_eq!(store.load_all().await.unwrap(), data);
    assert_eq!(store.snapshot("2026-02-03T09:00").await.unwrap().unwrap().data, smaller);
    finish(&name, store).await;
}

#[wasm_bindgen_test]
async fn the_snapshot_list_is_kept_beside_the_snapshots_and_rebuilt_when_it_does_not_match() {
    let (name, store) = fresh("snap-index").await;
    let data = sample_dataset();
    store.replace_all(&data).await.unwrap();
    let snap = |i: u32| plan(&format!("2026-04-01T10:{i:02}"), "导入前", 2);
    // Snapshots taken while there is no list (as in a database from before it): the list is built from them once.
    for i in 0..3 {
        store.replace_all_after_snapshot(&data, Some(&snap(i))).await.unwrap();
    }
    assert_eq!(
        store.meta::<Vec<SnapshotSummary>>(META_SNAPSHOT_INDEX).await.unwrap(),
        None
    );
    let list = store.snapshot_summaries().await.unwrap();
    let ids: Vec<&str> = list.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["2026-04-01T10:02", "2026-04-01T10:01"]);
    assert_eq!(list[0].members, data.members.len());
    let mut stored = store
        .meta::<Vec<SnapshotSummary>>(META_SNAPSHOT_INDEX)
        .await
        .unwrap()
        .unwrap();
    zhibu::domain::sort::sort_by(&mut stored, |a, b| b.id.cmp(&a.id));
    assert_eq!(stored, list);

    // From then on the list comes from the stored list, not from the snapshots' data.
    stored[0].reason = "改过的原因".to_owned();
    store.set_meta(META_SNAPSHOT_INDEX, &stored).await.unwrap();
    assert_eq!(store.snapshot_summaries().await.unwrap()[0].reason, "改过的原因");

    // Taking one (the oldest is dropped to keep 2) keeps it in step.
    let mut smaller = data.clone();
    smaller.members.pop();
    store
        .replace_all_after_snapshot(&smaller, Some(&snap(3)))
        .await
        .unwrap();
    let list = store.snapshot_summaries().await.unwrap();
    let ids: Vec<&str> = list.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["2026-04-01T10:03", "2026-04-01T10:02"]);
    assert_eq!(list[0].members, data.members.len());
    assert_eq!(list[1].reason, "改过的原因");

    // A list naming other snapshots than are stored is rebuilt from the snapshots.
    store
        .set_meta(META_SNAPSHOT_INDEX, &Vec::<SnapshotSummary>::new())
        .await
        .unwrap();
    let list = store.snapshot_summaries().await.unwrap();
    let ids: Vec<&str> = list.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["2026-04-01T10:03", "2026-04-01T10:02"]);
    assert_eq!(list[1].reason, "导入前");
    finish(&name, store).await;
}

#[wasm_bindgen_test]
async fn automatic_snapshots_keep_the_newest_seven() {
    let (name, store) = fresh("snap-keep").await;
    let mut data = sample_dataset();
    store.replace_all(&data).await.unwrap();
    for i in 0..10 {
        data.branch.name = format!("第{i}版");
        store
            .replace_all_after_snapshot(&data, Some(&plan(&format!("2026-03-01T10:{i:02}"), "导入前", 7)))
            .await
            .unwrap();
    }
    let ids = snapshot_ids(&store).await;
    assert_eq!(ids.len(), 7);
    assert_eq!(ids.first().map(String::as_str), Some("2026-03-01T10:03"));
    assert_eq!(ids.last().map(String::as_str), Some("2026-03-01T10:09"));
    // The newest snapshot holds the data from before the last replacement.
    let last = store.snapshot("2026-03-01T10:09").await.unwrap().unwrap();
    assert_eq!(last.data.branch.name, "第8版");
    finish(&name, store).await;
}

#[wasm_bindgen_test]
async fn daily_snapshot_once_per_day_and_not_of_an_empty_store() {
    let (name, store) = fresh("snap-daily").await;
    // Empty store: nothing kept, but the day is recorded.
    assert!(!store
        .daily_snapshot("2026-04-01", &plan("2026-04-01T08:00", "每日", 7))
        .await
        .unwrap());
    assert_eq!(
        store.meta::<String>(META_DAILY_SNAPSHOT).await.unwrap().as_deref(),
        Some("2026-04-01")
    );
    let data = sample_dataset();
    store.replace_all(&data).await.unwrap();
    // Same day: not again.
    assert!(!store
        .daily_snapshot("2026-04-01", &plan("2026-04-01T09:00", "每日", 7))
        .await
        .unwrap());
    // Next day: the state at the end of the previous day is kept, once.
    assert!(store
        .daily_snapshot("2026-04-02", &plan("2026-04-02T08:00", "每日", 7))
        .await
        .unwrap());
    assert!(!store
        .daily_snapshot("2026-04-02", &plan("2026-04-02T09:00", "每日", 7))
        .await
        .unwrap());
    assert_eq!(snapshot_ids(&store).await, ["2026-04-02T08:00"]);
    assert_eq!(store.snapshot("2026-04-02T08:00").await.unwrap().unwrap().data, data);
    // The data itself is untouched.
    assert_eq!(store.load_all().await.unwrap(), data);
    finish(&name, store).await;
}

#[wasm_bindgen_test]
async fn version_change_listener_runs_when_another_connection_upgrades() {
    let (name, store) = fresh("vchange").await;
    store.put_member(&bare_member("m-1", "甲", None)).await.unwrap();
    let fired = std::rc::Rc::new(std::cell::Cell::new(false));
    let flag = fired.clone();
    store.on_version_change(move || flag.set(true));
    // Another "tab" opens the database at a newer version; would hang if this connection stayed open.
    let db = schema::open_with(&name, NEXT, step_with_next).await.unwrap();
    assert!(fired.get());
    assert_eq!(
        store.put_member(&bare_member("m-2", "乙", None)).await,
        Err(StoreError::Closed)
    );
    assert!(StoreError::Closed
        .to_string()
        .starts_with("支部台账已在另一个标签页中升级，请刷新本页"));
    db.close();
    store.close();
    Store::delete_database(&name).await.unwrap();
}

// ---------------------------------------------------------------------------------------------------------
// Schema upgrades and other connections

/// A test-only next version that adds an index to the existing `members` store (the case of upstream issue
/// #66), run on a real database of the current version with data.
const NEXT: u32 = schema::VERSION + 1;

fn step_with_next(version: u32, up: &Upgrade<'_>) -> Result<(), indexed_db_futures::error::Error> {
    match version {
        NEXT => up.create_index(schema::MEMBERS, "by_name", "name"),
        v => schema::step(v, up),
    }
}

#[wasm_bindgen_test]
async fn migration_step_can_add_an_index_to_an_existing_store() {
    let (name, store) = fresh("migrate").await;
    let data = sample_dataset();
    store.replace_all(&data).await.unwrap();
    store.close();

    let db = schema::open_with(&name, NEXT, step_with_next).await.unwrap();
    assert_eq!(db.version(), f64::from(NEXT));
    {
        let tx = db
            .transaction(schema::MEMBERS)
            .with_mode(TransactionMode::Readonly)
            .build()
            .unwrap();
        let members = tx.object_store(schema::MEMBERS).unwrap();
        let by_name = members.index("by_name").unwrap();
        let found: Vec<Member> = by_name
            .get_all()
            .with_query("王五")
            .serde()
            .unwrap()
            .await
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(found, vec![data.members[2].clone()]);
    }
    db.close();

    // This version of the app cannot open a database of the next version, and says so.
    assert_eq!(Store::open(&name).await.err(), Some(StoreError::TooNew));
    Store::delete_database(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn connection_closes_itself_when_the_database_is_deleted_elsewhere() {
    let (name, store) = fresh("closed").await;
    store.put_member(&bare_member("m-1", "甲", None)).await.unwrap();
    // Would hang if the open connection did not close itself on `versionchange`.
    Store::delete_database(&name).await.unwrap();
    assert_eq!(
        store.put_member(&bare_member("m-2", "乙", None)).await,
        Err(StoreError::Closed)
    );
    assert!(matches!(store.load_all().await, Err(StoreError::Closed)));
    store.close();

    let store = Store::open(&name).await.unwrap();
    assert_eq!(store.load_all().await.unwrap(), Dataset::default());
    finish(&name, store).await;
}

// ---------------------------------------------------------------------------------------------------------
// Rules (kept in `meta` under META_RULES, read and written with the data)

/// The default rules with one tightened, one switched off and one local rule added.
fn edited_rules() -> Vec<zhibu::domain::rules::Rule> {
    use zhibu::domain::rules::{default_rules, Period, Rule, RuleKind, Scope};
    let mut rules = default_rules();
    rules[0].minimum = 2.0;
    rules[1].enabled = false;
    rules.push(Rule {
        id: "group_study_monthly".to_owned(),
        kind: RuleKind::Activity(ActivityKind::GroupStudy),
        period: Period::Month,
        minimum: 2.0,
        scope: Scope::Branch,
        enabled: true,
        local: true,
        source: "本单位要求：每月集中学习不少于2次 <b>“引号”</b>".to_owned(),
        note: "第一行\n第二行".to_owned(),
    });
    rules
}

#[wasm_bindgen_test]
async fn rules_round_trip_through_save_rules_and_load_all() {
    let (name, store) = fresh("rules").await;
    store.replace_all(&sample_dataset()).await.unwrap();
    assert!(
        store.load_all().await.unwrap().rules.is_empty(),
        "no rules stored: the defaults"
    );

    let rules = edited_rules();
    store.save_rules(&rules).await.unwrap();
    let loaded = store.load_all().await.unwrap();
    assert_eq!(loaded.rules, rules);
    assert_eq!(loaded.effective_rules(), rules);
    // The rest of the data is untouched.
    assert_eq!(
        Dataset {
            rules: Vec::new(),
            ..loaded
        },
        sample_dataset()
    );

    // Survives reopening.
    store.close();
    let store = Store::open(&name).await.unwrap();
    assert_eq!(store.load_all().await.unwrap().rules, rules);

    // Saving none goes back to the defaults.
    store.save_rules(&[]).await.unwrap();
    let loaded = store.load_all().await.unwrap();
    assert!(loaded.rules.is_empty());
    assert_eq!(loaded.effective_rules(), zhibu::domain::rules::default_rules());
    finish(&name, store).await;
}

#[wasm_bindgen_test]
async fn replace_all_and_clear_all_carry_the_rules() {
    install_put_faults();
    let (name, store) = fresh("rules-replace").await;
    let mut data = sample_dataset();
    data.rules = edited_rules();
    store.replace_all(&data).await.unwrap();
    assert_eq!(store.load_all().await.unwrap(), data);

    // A failed replacement keeps the previous rules too.
    let mut broken = sample_dataset();
    broken.members.push(bare_member("m-x", REJECT_CLONE, None));
    assert!(matches!(store.replace_all(&broken).await, Err(StoreError::Write(_))));
    assert_eq!(store.load_all().await.unwrap(), data);

    // Replacing with data that has no rules (an old backup) goes back to the defaults.
    store.replace_all(&sample_dataset()).await.unwrap();
    assert_eq!(store.load_all().await.unwrap(), sample_dataset());

    // Clearing removes the rules with the data, and keeps the rest of meta.
    store.save_rules(&edited_rules()).await.unwrap();
    store.set_meta(META_LAST_BACKUP, &"t".to_owned()).await.unwrap();
    store.clear_all().await.unwrap();
    assert_eq!(store.load_all().await.unwrap(), Dataset::default());
    assert_eq!(
        store.meta::<String>(META_LAST_BACKUP).await.unwrap().as_deref(),
        Some("t")
    );
    finish(&name, store).await;
}

// ---------------------------------------------------------------------------------------------------------
// The staged start of 概览 (read_start and overview_from, save_overview)

/// Stores the 概览 summary `history` of `all` (read at `token`) with its start slice, as the app does; whether
/// it was stored.
async fn save_summary(store: &Store, token: &str, all: &Dataset, history: &zhibu::domain::overview::History) -> bool {
    let slice = zhibu::domain::start_slice::encode(token, all, history.from);
    store.save_overview(token, history, &slice).await.unwrap()
}

/// A fresh database holding the demo branch as generated on the day returned (2026-11-21).
async fn fresh_demo(test: &str) -> (String, Store, Date) {
    use zhibu::domain::demo::{generate, DemoSize};
    let (name, store) = fresh(test).await;
    let today = d(2026, 11, 21);
    store
        .replace_all(&generate(&DemoSize::DEMO, today, 20_260_101))
        .await
        .unwrap();
    (name, store, today)
}

#[wasm_bindgen_test]
async fn overview_stage_and_the_rest_equal_load_all_and_any_write_retires_the_summary() {
    use zhibu::domain::overview::{overview_from, slice, History};
    let (name, store, today) = fresh_demo("overview").await;
    // No summary stored yet: the start reads everything.
    assert_eq!(load_overview(&store, today).await.unwrap(), None);

    let (all, token) = store.load_all_with_token().await.unwrap();
    assert_eq!(all, store.load_all().await.unwrap());
    assert_eq!(
        Some(token.clone()),
        store.last_token(),
        "replace_all wrote the token it remembers"
    );
    let from = overview_from(&all, today);
    let history = History::before(&all, from);
    assert!(history.activities_before > 0);
    assert!(save_summary(&store, &token, &all, &history).await);

    let first = load_overview(&store, today)
        .await
        .unwrap()
        .expect("the summary matches");
    assert_eq!(first.history, history);
    assert_eq!(
        first.data,
        slice(&all, from),
        "stage 1 is the slice, in the store's order"
    );
    // The two stages together: stage 1 plus the older activities and study items is load_all.
    let older: Vec<Activity> = all.activities.iter().filter(|a| a.date < from).cloned().collect();
    assert_eq!(older.len() as u32, history.activities_before);
    let older_study: Vec<StudyItem> = all.study_items.iter().filter(|s| s.date < from).cloned().collect();
    assert_eq!(older_study.len() as u32, history.study_items_before);
    assert!(history.study_items_before > 0);
    let mut joined = first.data.clone();
    joined.activities = older.into_iter().chain(joined.activities).collect();
    joined.study_items = older_study.into_iter().chain(joined.study_items).collect();
    assert_eq!(joined, all);
    // A later day of the same year, or of a later year: the summary still serves.
    assert!(load_overview(&store, d(2027, 2, 1)).await.unwrap().is_some());
    // A summary that starts before January 1 (no activity held yet this year: the slice reaches back to the
    // latest ones): the store asks for the activities from that day, not from January 1. That day has an
    // activity (the 5th latest held), which must count in the slice, not among the older ones.
    let march = d(2027, 3, 1);
    let early = overview_from(&all, march);
    assert!(early < d(2027, 1, 1), "{early}");
    assert!(save_summary(&store, &token, &all, &History::before(&all, early)).await);
    let first = load_overview(&store, march)
        .await
        .unwrap()
        .expect("the summary matches");
    assert_eq!(first.data, slice(&all, early));
    assert_eq!(first.history, History::before(&all, early));
    // A day before the summary's start: it cannot.
    assert_eq!(load_overview(&store, d(from.year() - 1, 6, 1)).await.unwrap(), None);

    // Any write of the data changes the token: the summary is no longer used, and a stale one is not stored.
    let mut a = all.activities[0].clone();
    a.theme.push_str("（改）");
    store.put_activity(&a).await.unwrap();
    assert_eq!(load_overview(&store, today).await.unwrap(), None);
    assert!(!save_summary(&store, &token, &all, &history).await);
    let newer = store.last_token().unwrap();
    assert_ne!(newer, token);
    let (all2, token2) = store.load_all_with_token().await.unwrap();
    assert_eq!(token2, newer);
    let history2 = History::before(&all2, overview_from(&all2, today));
    assert!(save_summary(&store, &newer, &all2, &history2).await);
    assert!(load_overview(&store, today).await.unwrap().is_some());
    // Rules, members and deletions retire it too; clearing removes it.
    store.save_rules(&[]).await.unwrap();
    assert_eq!(load_overview(&store, today).await.unwrap(), None);
    let (all3, token3) = store.load_all_with_token().await.unwrap();
    assert!(
        save_summary(
            &store,
            &token3,
            &all3,
            &History::before(&all3, overview_from(&all3, today))
        )
        .await
    );
    store.put_member(&all3.members[0]).await.unwrap();
    assert_eq!(load_overview(&store, today).await.unwrap(), None);
    store.clear_all().await.unwrap();
    assert_eq!(load_overview(&store, today).await.unwrap(), None);
    assert_eq!(store.load_all().await.unwrap(), Dataset::default());
    finish(&name, store).await;
}

#[wasm_bindgen_test]
async fn the_start_slice_is_used_only_at_its_token_and_anything_else_falls_back_to_the_stores() {
    use zhibu::domain::overview::{overview_from, slice, History};
    let (name, store, today) = fresh_demo("start-slice").await;
    let (all, token) = store.load_all_with_token().await.unwrap();
    let from = overview_from(&all, today);
    let history = History::before(&all, from);
    let expected = slice(&all, from);

    // A summary whose counts of older activities or study items disagree with the stores is not stored (nor
    // its slice).
    let mut wrong = history.clone();
    wrong.activities_before += 1;
    assert!(!save_summary(&store, &token, &all, &wrong).await);
    let mut wrong = history.clone();
    wrong.study_items_before += 1;
    assert!(!save_summary(&store, &token, &all, &wrong).await);
    assert_eq!(store.meta::<String>(META_START_SLICE).await.unwrap(), None);
    assert_eq!(load_overview(&store, today).await.unwrap(), None);

    // Stored with the summary: one string with the token, which the first stage reads instead of the stores.
    assert!(save_summary(&store, &token, &all, &history).await);
    let stored = store
        .meta::<String>(META_START_SLICE)
        .await
        .unwrap()
        .expect("the slice is stored");
    let doc: serde_json::Value = serde_json::from_str(&stored).unwrap();
    assert_eq!(doc["token"], serde_json::Value::String(token.clone()));
    assert_eq!(
        doc["activities_rolls_apart"].as_array().unwrap().len(),
        expected.activities.len()
    );
    let first = load_overview(&store, today).await.unwrap().unwrap();
    assert!(first.from_slice);
    assert_eq!(first.data, expected);

    // It is what the start reads: a slice at the current token naming another branch shows that name.
    let mut marked = doc.clone();
    marked["branch"]["name"] = serde_json::Value::String("从切片读出的支部".to_owned());
    store.set_meta(META_START_SLICE, &marked.to_string()).await.unwrap();
    let first = load_overview(&store, today).await.unwrap().unwrap();
    assert_eq!(first.data.branch.name, "从切片读出的支部");

    // Anything else falls back to reading the stores, with the same result as the true slice: a slice of
    // another token, one that does not parse, one that is not a string.
    let mut other = doc.clone();
    other["token"] = serde_json::Value::String("another-token".to_owned());
    let from_stores = |first: Option<zhibu::store::Overview>| {
        let first = first.expect("the summary still matches");
        assert!(!first.from_slice, "read from the stores");
        first.data
    };
    store.set_meta(META_START_SLICE, &other.to_string()).await.unwrap();
    assert_eq!(from_stores(load_overview(&store, today).await.unwrap()), expected);
    store
        .set_meta(META_START_SLICE, &"{\"token\": 1, \"activities\": [".to_owned())
        .await
        .unwrap();
    assert_eq!(from_stores(load_overview(&store, today).await.unwrap()), expected);
    store.set_meta(META_START_SLICE, &vec![1, 2, 3]).await.unwrap();
    assert_eq!(from_stores(load_overview(&store, today).await.unwrap()), expected);

    // A summary stored by an earlier version (without the count of older study items, as its slice held them
    // all) disagrees with the stores, which hold older study items: the start reads everything.
    assert!(all.study_items.iter().any(|s| s.date < from));
    let mut earlier = serde_json::to_value(&history).unwrap();
    earlier.as_object_mut().unwrap().remove("study_items_before");
    store
        .set_meta(
            META_OVERVIEW,
            &serde_json::json!({ "token": token, "history": earlier }),
        )
        .await
        .unwrap();
    assert_eq!(load_overview(&store, today).await.unwrap(), None);

    // Clearing removes it with the summary.
    assert!(save_summary(&store, &token, &all, &history).await);
    store.clear_all().await.unwrap();
    assert_eq!(store.meta::<String>(META_START_SLICE).await.unwrap(), None);
    finish(&name, store).await;
}

#[wasm_bindgen_test]
async fn the_start_reads_first_and_makes_the_first_stage_later_unless_the_stores_moved_on() {
    use zhibu::domain::overview::{overview_from, slice, History};
    let (name, store, today) = fresh_demo("start-read").await;
    store
        .set_meta(META_LAST_BACKUP, &"2026-11-21T19:32:00+08:00".to_owned())
        .await
        .unwrap();
    let (all, token) = store.load_all_with_token().await.unwrap();
    let from = overview_from(&all, today);
    let history = History::before(&all, from);
    assert!(save_summary(&store, &token, &all, &history).await);

    // The first read brings the meta values asked for (as peek does), whatever follows.
    let read = store.read_start(&[META_LAST_BACKUP, "absent"]).await.unwrap();
    assert_eq!(read.values.len(), 2);
    assert_eq!(read.values[0].as_string().as_deref(), Some("2026-11-21T19:32:00+08:00"));
    assert!(read.values[1].is_undefined());
    // Its slice is a snapshot at its token: a write after it changes neither it nor the first stage made of it
    // (the second stage reads everything afresh).
    store.put_member(&bare_member("m-new", "新来", None)).await.unwrap();
    let first = store
        .overview_from(read, today)
        .await
        .unwrap()
        .expect("the slice of the read");
    assert!(first.from_slice);
    assert_eq!(first.data, slice(&all, from));

    // Without a slice the records are read from the stores, but only while they are still at the read's token.
    let (all, token) = store.load_all_with_token().await.unwrap();
    let history = History::before(&all, from);
    assert!(save_summary(&store, &token, &all, &history).await);
    store.set_meta(META_START_SLICE, &vec![1, 2, 3]).await.unwrap();
    let read = store.read_start(&[]).await.unwrap();
    assert!(read.values.is_empty());
    let first = store
        .overview_from(read, today)
        .await
        .unwrap()
        .expect("still at the token");
    assert!(!first.from_slice);
    assert_eq!(first.data, slice(&all, from));
    let read = store.read_start(&[]).await.unwrap();
    store.put_member(&bare_member("m-newer", "又来", None)).await.unwrap();
    assert_eq!(
        store.overview_from(read, today).await.unwrap(),
        None,
        "the stores moved on"
    );
    finish(&name, store).await;
}

// ---------------------------------------------------------------------------------------------------------
// The start's first look (peek): whether anything is stored, without reading a record

#[wasm_bindgen_test]
async fn peek_says_empty_only_when_no_store_holds_anything_and_returns_the_meta_values_asked_for() {
    let (name, store) = fresh("peek").await;
    let keys = [META_LAST_BACKUP, "absent"];
    let peek = store.peek(&keys).await.unwrap();
    assert!(peek.empty, "a new database is empty");
    assert_eq!(peek.meta.len(), 2);
    assert!(
        peek.meta.iter().all(|v| v.is_undefined()),
        "nothing stored under the keys"
    );

    // A meta value alone (not the branch's data) leaves it empty, and is returned as stored.
    store
        .set_meta(META_LAST_BACKUP, &"2026-11-21T19:32:00+08:00".to_owned())
        .await
        .unwrap();
    let peek = store.peek(&keys).await.unwrap();
    assert!(peek.empty);
    assert_eq!(peek.meta[0].as_string().as_deref(), Some("2026-11-21T19:32:00+08:00"));
    assert!(peek.meta[1].is_undefined());

    // Any one kind of record, or edited rules, makes it non-empty.
    let sample = sample_dataset();
    store.put_member(&sample.members[0]).await.unwrap();
    assert!(!store.peek(&[]).await.unwrap().empty, "a member");
    store.delete_member(&sample.members[0].id).await.unwrap();
    assert!(store.peek(&[]).await.unwrap().empty, "the member deleted again");
    store.put_activity(&sample.activities[0]).await.unwrap();
    assert!(!store.peek(&[]).await.unwrap().empty, "an activity");
    store.clear_all().await.unwrap();
    assert!(store.peek(&[]).await.unwrap().empty, "cleared");
    store.save_branch(&sample.branch).await.unwrap();
    assert!(!store.peek(&[]).await.unwrap().empty, "the branch");
    store.clear_all().await.unwrap();
    let mut rules = zhibu::domain::rules::default_rules();
    rules[0].minimum += 1.0;
    store.save_rules(&rules).await.unwrap();
    assert!(!store.peek(&[]).await.unwrap().empty, "edited rules");
    store.save_rules(&[]).await.unwrap();
    assert!(store.peek(&[]).await.unwrap().empty, "rules back to the defaults");
    store.replace_all(&sample).await.unwrap();
    assert!(!store.peek(&[]).await.unwrap().empty, "a whole dataset");
    finish(&name, store).await;
}
