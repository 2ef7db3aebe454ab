#![cfg(not(target_arch = "wasm32"))]
//! Merging a backup into this device's data: the plan (added, unchanged, conflicts with the fields that
//! differ, kept local records), both choices for conflicts, and refusal when the result would be invalid.

use zhibu::domain::demo::{generate, DemoSize};
use zhibu::domain::integrity::{check_dataset, RecordKind};
use zhibu::domain::merge::{merge, merge_checked, plan, Keep, MergeError};
use zhibu::domain::rules::default_rules;
use zhibu::domain::*;

fn demo() -> Dataset {
    generate(&DemoSize::DEMO, Date::ymd(2026, 5, 20), 7)
}

fn new_member(id: &str, name: &str) -> Member {
    Member {
        id: MemberId::from(id),
        name: name.to_owned(),
        kind: MemberKind::Full,
        group: None,
        party_joined: Some(Date::ymd(2015, 7, 1)),
        full_since: None,
        joined_branch: Some(Date::ymd(2020, 1, 1)),
        left_branch: None,
        mobile: false,
        excused: Vec::new(),
        phone: String::new(),
        note: String::new(),
    }
}

/// The demo with one held activity's theme changed and one member added, as another device would have it.
fn edited(local: &Dataset) -> (Dataset, usize) {
    let mut other = local.clone();
    let i = other
        .activities
        .iter()
        .position(|a| a.status == ActivityStatus::Held && a.kind == ActivityKind::GeneralMeeting)
        .unwrap();
    other.activities[i].theme = "<b>改过的主题</b>".into();
    other.members.push(new_member("m-new1", "新同志"));
    (other, i)
}

#[test]
fn into_an_empty_device_everything_is_added() {
    let data = demo();
    let p = plan(&Dataset::default(), &data);
    assert_eq!(p.conflicts(), 0);
    // Only the rules, which are the defaults on both sides.
    assert_eq!(p.unchanged(), default_rules().len());
    assert_eq!(p.kind(RecordKind::Member).unwrap().added.len(), data.members.len());
    assert_eq!(p.kind(RecordKind::Branch).unwrap().added, [demo::BRANCH_NAME]);
    assert_eq!(merge_checked(&Dataset::default(), &data, Keep::Local).unwrap(), data);
    assert_eq!(merge(&Dataset::default(), &data, Keep::Incoming), data);
}

#[test]
fn the_same_data_changes_nothing() {
    let data = demo();
    let p = plan(&data, &data);
    assert!(p.changes_nothing());
    assert_eq!(p.added(), 0);
    let activities = p.kind(RecordKind::Activity).unwrap();
    assert_eq!(activities.unchanged, data.activities.len());
    assert_eq!(activities.local_only, 0);
    assert_eq!(p.kind(RecordKind::Rule).unwrap().unchanged, default_rules().len());
    for keep in [Keep::Local, Keep::Incoming] {
        assert_eq!(merge_checked(&data, &data, keep).unwrap(), data);
    }
}

#[test]
fn a_changed_activity_is_a_conflict_and_a_new_member_is_added() {
    let local = demo();
    let (incoming, i) = edited(&local);
    let p = plan(&local, &incoming);
    assert_eq!((p.added(), p.conflicts()), (1, 1));
    let members = p.kind(RecordKind::Member).unwrap();
    assert_eq!(members.added, ["新同志"]);
    assert_eq!(members.unchanged, local.members.len());
    let activities = p.kind(RecordKind::Activity).unwrap();
    assert_eq!(activities.conflicts.len(), 1);
    let c = &activities.conflicts[0];
    assert_eq!(c.id, local.activities[i].id.as_str());
    assert_eq!(c.fields, ["主题"]);
    let day = local.activities[i].date;
    assert_eq!(c.describe(), format!("{day} 党员大会（主题不同）"));

    let mine = merge_checked(&local, &incoming, Keep::Local).unwrap();
    assert_eq!(mine.activities[i], local.activities[i]);
    assert_eq!(mine.members.len(), local.members.len() + 1);

    let theirs = merge_checked(&local, &incoming, Keep::Incoming).unwrap();
    assert_eq!(theirs.activities[i].theme, "<b>改过的主题</b>");
    assert_eq!(theirs.members.last().unwrap().name, "新同志");
    assert_eq!(theirs, incoming);
}

#[test]
fn a_merge_never_deletes_local_records() {
    let local = demo();
    let mut incoming = local.clone();
    let gone = incoming.activities.split_off(10);
    incoming.study_items.clear();
    let p = plan(&local, &incoming);
    assert!(p.changes_nothing());
    assert_eq!(p.kind(RecordKind::Activity).unwrap().local_only, gone.len());
    assert_eq!(
        p.kind(RecordKind::StudyItem).unwrap().local_only,
        local.study_items.len()
    );
    assert_eq!(merge_checked(&local, &incoming, Keep::Incoming).unwrap(), local);
}

#[test]
fn an_incoming_record_may_refer_to_a_member_only_on_this_device() {
    let mut local = Dataset::default();
    local.branch.name = "支部".into();
    local.members.push(new_member("m-1", "张三"));
    let mut incoming = Dataset::default();
    incoming.branch.name = "支部".into();
    let mut a = Activity::new(
        ActivityId::from("a-1"),
        ActivityKind::CommitteeMeeting,
        Date::ymd(2025, 3, 15),
    );
    a.host = Some(MemberId::from("m-1"));
    incoming.activities.push(a);
    let merged = merge_checked(&local, &incoming, Keep::Incoming).unwrap();
    assert_eq!(merged.activities.len(), 1);
    assert!(check_dataset(&merged).is_empty());
}

#[test]
fn a_result_that_would_be_invalid_is_refused_with_the_records_named() {
    // Two devices each created "第一党小组" on their own: different ids, same name.
    let mut local = Dataset::default();
    local.branch.name = "支部".into();
    local.groups.push(PartyGroup {
        id: GroupId::from("g-1"),
        name: "第一党小组".into(),
        group_leader: None,
    });
    let mut incoming = local.clone();
    incoming.groups[0].id = GroupId::from("g-2");
    let p = plan(&local, &incoming);
    assert_eq!(p.kind(RecordKind::Group).unwrap().same_name, ["第一党小组"]);
    let err = merge_checked(&local, &incoming, Keep::Local).unwrap_err();
    let MergeError::Invalid(problems) = &err;
    assert_eq!(problems.len(), 2);
    let text = err.to_string();
    assert!(text.starts_with("合并后的数据会有 2 处问题"), "{text}");
    assert!(text.contains("第2条党小组（第一党小组）：名称：名称重复"), "{text}");
    assert!(text.contains("本机数据未作任何改动"), "{text}");
}

#[test]
fn keeping_the_local_member_can_invalidate_an_incoming_record() {
    // Here 张三 is an activist; the backup made him a full member and secretary.
    let mut local = Dataset::default();
    local.branch.name = "支部".into();
    let mut zhang = new_member("m-1", "张三");
    zhang.kind = MemberKind::Activist;
    zhang.party_joined = None;
    local.members.push(zhang);
    let mut incoming = local.clone();
    incoming.members[0].kind = MemberKind::Full;
    incoming
        .branch
        .set_holder(CommitteeRole::Secretary, Some(MemberId::from("m-1")));
    let p = plan(&local, &incoming);
    assert_eq!(p.conflicts(), 2);
    assert_eq!(p.kind(RecordKind::Member).unwrap().conflicts[0].fields, ["类别"]);
    assert_eq!(p.kind(RecordKind::Branch).unwrap().conflicts[0].fields, ["支委会"]);
    // Keeping this device's side for every conflict is consistent …
    assert!(merge_checked(&local, &incoming, Keep::Local).is_ok());
    // … and so is taking the backup's side.
    let merged = merge_checked(&local, &incoming, Keep::Incoming).unwrap();
    assert_eq!(
        merged.branch.holder(CommitteeRole::Secretary),
        Some(&MemberId::from("m-1"))
    );
    // But a backup whose new activity needs him as a party member cannot go in while he stays an activist.
    let mut a = Activity::new(
        ActivityId::from("a-1"),
        ActivityKind::CommitteeMeeting,
        Date::ymd(2025, 3, 15),
    );
    a.host = Some(MemberId::from("m-1"));
    incoming.activities.push(a);
    let err = merge_checked(&local, &incoming, Keep::Local).unwrap_err();
    assert!(err.to_string().contains("主持人：入党积极分子不能担任此角色"), "{err}");
}

#[test]
fn a_renamed_member_shows_both_names() {
    let mut local = Dataset::default();
    local.branch.name = "支部".into();
    local.members.push(new_member("m-1", "张三"));
    let mut incoming = local.clone();
    incoming.members[0].name = "张三丰".into();
    incoming.members[0].phone = "13800000000".into();
    let p = plan(&local, &incoming);
    let c = &p.kind(RecordKind::Member).unwrap().conflicts[0];
    assert_eq!(c.describe(), "张三 → 张三丰（姓名、电话不同）");
}

#[test]
fn the_branch_profile_is_one_record() {
    let mut local = Dataset::default();
    let mut incoming = Dataset::default();
    incoming.branch.name = "第一党支部".into();
    let p = plan(&local, &incoming);
    assert_eq!(p.kind(RecordKind::Branch).unwrap().added, ["第一党支部"]);
    assert_eq!(merge(&local, &incoming, Keep::Local).branch.name, "第一党支部");

    local.branch.name = "第二党支部".into();
    let p = plan(&local, &incoming);
    let c = &p.kind(RecordKind::Branch).unwrap().conflicts[0];
    assert_eq!(c.describe(), "第二党支部 → 第一党支部（支部名称不同）");
    assert_eq!(merge(&local, &incoming, Keep::Local).branch.name, "第二党支部");
    assert_eq!(merge(&local, &incoming, Keep::Incoming).branch.name, "第一党支部");

    // A backup without a profile never blanks this device's.
    let p = plan(&local, &Dataset::default());
    assert_eq!(p.kind(RecordKind::Branch).unwrap().local_only, 1);
    assert_eq!(
        merge(&local, &Dataset::default(), Keep::Incoming).branch.name,
        "第二党支部"
    );
}

#[test]
fn rules_never_edited_give_way_and_edited_rules_merge_by_id() {
    let mut local = Dataset::default();
    local.branch.name = "支部".into();
    // Both on the defaults: nothing stored.
    assert!(merge(&local, &local.clone(), Keep::Incoming).rules.is_empty());
    assert_eq!(
        plan(&local, &local).kind(RecordKind::Rule).unwrap().unchanged,
        default_rules().len()
    );

    // Never edited here: the backup's edited rules come in whatever the choice (found by fuzzing: a merge
    // into an empty device must give the backup itself).
    let mut incoming = local.clone();
    incoming.rules = default_rules();
    incoming.rules[0].minimum = 2.0;
    let p = plan(&local, &incoming);
    let rules = p.kind(RecordKind::Rule).unwrap();
    assert_eq!(rules.conflicts.len(), 0);
    assert_eq!(rules.added, [incoming.rules[0].describe()]);
    assert_eq!(rules.unchanged, default_rules().len() - 1);
    for keep in [Keep::Local, Keep::Incoming] {
        assert_eq!(merge_checked(&local, &incoming, keep).unwrap().rules, incoming.rules);
    }
    // Never edited in the backup: this device's rules stay.
    let p = plan(&incoming, &local);
    assert_eq!(p.kind(RecordKind::Rule).unwrap().local_only, default_rules().len());
    assert_eq!(merge(&incoming, &local, Keep::Incoming).rules, incoming.rules);

    // Edited on both sides: a conflict per rule id.
    let mut mine = local.clone();
    mine.rules = default_rules();
    mine.rules[0].enabled = false;
    let p = plan(&mine, &incoming);
    let rules = p.kind(RecordKind::Rule).unwrap();
    assert_eq!(rules.conflicts.len(), 1);
    assert_eq!(rules.conflicts[0].fields, ["要求数量", "启用"]);
    assert_eq!(
        merge_checked(&mine, &incoming, Keep::Incoming).unwrap().rules,
        incoming.rules
    );
    assert_eq!(merge_checked(&mine, &incoming, Keep::Local).unwrap().rules, mine.rules);

    // A rule added on the other device comes in.
    let mut extra = default_rules()[0].clone();
    extra.id = "local_extra".into();
    extra.local = true;
    incoming.rules.push(extra);
    let p = plan(&mine, &incoming);
    assert_eq!(p.kind(RecordKind::Rule).unwrap().added.len(), 1);
    assert_eq!(
        merge_checked(&mine, &incoming, Keep::Local).unwrap().rules.len(),
        default_rules().len() + 1
    );
}

#[test]
fn two_halves_of_one_branch_merge_back_into_it() {
    // Two devices started from the same branch and recorded different activities.
    let full = demo();
    let mut a = full.clone();
    let mut b = full.clone();
    a.activities.retain(|x| x.date.day() % 2 == 0);
    b.activities.retain(|x| x.date.day() % 2 == 1);
    a.study_items.clear();
    let p = plan(&a, &b);
    assert_eq!(p.conflicts(), 0);
    assert_eq!(p.kind(RecordKind::Activity).unwrap().added.len(), b.activities.len());
    let merged = merge_checked(&a, &b, Keep::Local).unwrap();
    assert_eq!(merged.activities.len(), full.activities.len());
    for x in &full.activities {
        assert!(merged.activities.contains(x));
    }
    assert_eq!(merged.study_items, full.study_items);
}
