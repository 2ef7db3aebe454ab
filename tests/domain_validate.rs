#![cfg(not(target_arch = "wasm32"))]
//! Every error path of `zhibu::domain::validate`, and the valid cases next to them.

mod domain_support;

use domain_support::*;
use zhibu::domain::validate::*;
use zhibu::domain::*;

fn fe(field: &'static str, error: Invalid) -> FieldError {
    FieldError::new(field, error)
}

/// A branch with two groups, a secretary 甲 (full, g-1), 乙 (probationary, g-2), an activist 丙,
/// and 丁 who joined on 2026-03-01 and left on 2026-06-01.
fn data() -> Dataset {
    let mut late = full("m-4", "丁");
    late.joined_branch = Some(d(2026, 3, 1));
    late.left_branch = Some(d(2026, 6, 1));
    let mut data = dataset(
        vec![group("g-1", "第一党小组"), group("g-2", "第二党小组")],
        vec![
            in_group(full("m-1", "甲"), "g-1"),
            in_group(member("m-2", "乙", MemberKind::Probationary), "g-2"),
            member("m-3", "丙", MemberKind::Activist),
            late,
        ],
    );
    data.branch.set_holder(CommitteeRole::Secretary, Some(mid("m-1")));
    data
}

/// A valid held 党员大会 on 2026-04-10, 09:00–11:00, hosted by 甲.
fn meeting() -> Activity {
    let mut a = activity("a-1", ActivityKind::GeneralMeeting, d(2026, 4, 10));
    a.start = Some(Time::hm(9, 0));
    a.end = Some(Time::hm(11, 0));
    a.location = "党员活动室".to_owned();
    a.host = Some(mid("m-1"));
    a.recorder = Some(mid("m-2"));
    a.agenda = default_agenda(a.kind);
    a.content = "会议传达了上级精神。\n与会党员进行了讨论。".to_owned();
    a.attendance = vec![
        entry("m-1", AttendanceStatus::Present),
        entry("m-2", AttendanceStatus::Leave),
        entry("m-3", AttendanceStatus::Observer),
        entry("m-4", AttendanceStatus::Present),
    ];
    a.study_hours = 1.0;
    a.vote = Some(Vote {
        eligible: 2,
        present: 2,
        in_favour: 2,
        against: 0,
        abstain: 0,
    });
    a
}

#[test]
fn a_complete_valid_record_has_no_errors() {
    let data = data();
    assert_eq!(validate_activity(&meeting(), &data), vec![]);
    for m in &data.members {
        assert_eq!(validate_member(m, &data.groups), vec![], "{}", m.name);
    }
    for g in &data.groups {
        assert_eq!(validate_group(g, &data.groups, &data.members), vec![]);
    }
    assert_eq!(validate_branch(&data.branch, &data.members), vec![]);
}

// ---- members ----

#[test]
fn member_name_required_too_long_and_control_characters() {
    let groups = data().groups;
    let mut m = full("m-9", "  ");
    assert_eq!(
        validate_member(&m, &groups),
        vec![fe("name", Invalid::Required("姓名"))]
    );
    m.name = "名".repeat(MAX_NAME_CHARS + 1);
    assert_eq!(validate_member(&m, &groups), vec![fe("name", Invalid::TooLong(40))]);
    m.name = "名".repeat(MAX_NAME_CHARS);
    assert_eq!(validate_member(&m, &groups), vec![]);
    m.name = "张\u{1b}[31m三".to_owned();
    assert_eq!(validate_member(&m, &groups), vec![fe("name", Invalid::ControlChars)]);
    m.name = "张三".to_owned();
    m.note = "备注\u{0}".to_owned();
    m.phone = "1".repeat(41);
    assert_eq!(
        validate_member(&m, &groups),
        vec![fe("phone", Invalid::TooLong(40)), fe("note", Invalid::ControlChars)]
    );
    let errs = validate_member(&m, &groups);
    assert_eq!(message_for(&errs, "phone").as_deref(), Some("不能超过40个字"));
    assert_eq!(message_for(&errs, "name"), None);
}

#[test]
fn member_in_unknown_group() {
    let m = in_group(full("m-9", "张三"), "g-deleted");
    assert_eq!(
        validate_member(&m, &data().groups),
        vec![fe("group", Invalid::UnknownGroup)]
    );
    assert_eq!(Invalid::UnknownGroup.to_string(), "所选党小组不存在，请重新选择");
}

#[test]
fn member_left_before_joined() {
    let mut m = full("m-9", "张三");
    m.joined_branch = Some(d(2024, 5, 1));
    m.left_branch = Some(d(2024, 4, 30));
    assert_eq!(
        validate_member(&m, &[]),
        vec![fe("left_branch", Invalid::LeftBeforeJoined)]
    );
    m.left_branch = Some(d(2024, 5, 1));
    assert_eq!(
        validate_member(&m, &[]),
        vec![],
        "leaving on the joining day is allowed"
    );
}

#[test]
fn full_since_only_on_full_members_and_not_before_joining_the_party() {
    let mut m = member("m-9", "张三", MemberKind::Probationary);
    m.party_joined = Some(d(2025, 7, 1));
    m.full_since = Some(d(2026, 7, 1));
    assert_eq!(
        validate_member(&m, &[]),
        vec![fe("full_since", Invalid::FullSinceNotFull)]
    );
    m.kind = MemberKind::Activist;
    assert_eq!(
        validate_member(&m, &[]),
        vec![fe("full_since", Invalid::FullSinceNotFull)]
    );
    m.kind = MemberKind::Full;
    assert_eq!(validate_member(&m, &[]), vec![]);
    m.full_since = Some(d(2025, 6, 30));
    assert_eq!(
        validate_member(&m, &[]),
        vec![fe("full_since", Invalid::FullBeforeJoined)]
    );
}

#[test]
fn excusal_dates_in_order_and_with_a_note() {
    let mut m = full("m-9", "张三");
    m.excused.push(Excusal {
        from: d(2026, 5, 1),
        to: Some(d(2026, 4, 1)),
        note: "出国".to_owned(),
    });
    m.excused.push(Excusal {
        from: d(2026, 5, 1),
        to: None,
        note: " ".to_owned(),
    });
    assert_eq!(
        validate_member(&m, &[]),
        vec![
            fe("excused", Invalid::ExcusalEndsBeforeStart),
            fe("excused", Invalid::Required("说明"))
        ]
    );
}

// ---- groups and branch ----

#[test]
fn group_name_required_and_unique() {
    let data = data();
    let mut g = group("g-3", "");
    assert_eq!(
        validate_group(&g, &data.groups, &data.members),
        vec![fe("name", Invalid::Required("党小组名称"))]
    );
    g.name = " 第一党小组 ".to_owned();
    assert_eq!(
        validate_group(&g, &data.groups, &data.members),
        vec![fe("name", Invalid::DuplicateName)]
    );
    // Renaming a group to its own name is not a duplicate.
    let own = group("g-1", "第一党小组");
    assert_eq!(validate_group(&own, &data.groups, &data.members), vec![]);
}

#[test]
fn group_leader_must_exist_and_be_a_party_member() {
    let data = data();
    let mut g = group("g-3", "第三党小组");
    g.group_leader = Some(mid("m-gone"));
    assert_eq!(
        validate_group(&g, &data.groups, &data.members),
        vec![fe("group_leader", Invalid::UnknownMember)]
    );
    g.group_leader = Some(mid("m-3"));
    assert_eq!(
        validate_group(&g, &data.groups, &data.members),
        vec![fe("group_leader", Invalid::ActivistNotAllowed)]
    );
    g.group_leader = Some(mid("m-2"));
    assert_eq!(validate_group(&g, &data.groups, &data.members), vec![]);
}

#[test]
fn branch_name_seats_and_holders() {
    let data = data();
    let mut b = data.branch.clone();
    b.name = String::new();
    b.committee.push(CommitteeSeat {
        role: CommitteeRole::Secretary,
        member: mid("m-2"),
    });
    b.committee.push(CommitteeSeat {
        role: CommitteeRole::Publicity,
        member: mid("m-3"),
    });
    b.committee.push(CommitteeSeat {
        role: CommitteeRole::Discipline,
        member: mid("m-gone"),
    });
    assert_eq!(
        validate_branch(&b, &data.members),
        vec![
            fe("name", Invalid::Required("支部名称")),
            fe("secretary", Invalid::DuplicateSeat),
            fe("publicity", Invalid::ActivistNotAllowed),
            fe("discipline", Invalid::UnknownMember),
        ]
    );
}

// ---- activities ----

#[test]
fn end_must_be_after_start() {
    let data = data();
    let mut a = meeting();
    a.end = Some(Time::hm(8, 59));
    assert_eq!(validate_activity(&a, &data), vec![fe("end", Invalid::EndBeforeStart)]);
    a.end = Some(Time::hm(9, 0));
    assert_eq!(validate_activity(&a, &data), vec![fe("end", Invalid::EndBeforeStart)]);
    a.end = None;
    assert_eq!(validate_activity(&a, &data), vec![]);
}

#[test]
fn group_meeting_needs_an_existing_group() {
    let data = data();
    let mut a = meeting();
    a.kind = ActivityKind::GroupMeeting;
    a.vote = None;
    assert_eq!(
        validate_activity(&a, &data),
        vec![fe("group", Invalid::GroupMeetingWithoutGroup)]
    );
    a.group = Some(gid("g-deleted"));
    assert_eq!(validate_activity(&a, &data), vec![fe("group", Invalid::UnknownGroup)]);
    a.group = Some(gid("g-1"));
    assert_eq!(validate_activity(&a, &data), vec![]);
}

#[test]
fn host_must_be_a_member_in_the_branch_that_day_and_not_an_activist() {
    let data = data();
    let mut a = meeting();
    a.host = Some(mid("m-gone"));
    assert_eq!(validate_activity(&a, &data), vec![fe("host", Invalid::UnknownMember)]);
    a.host = Some(mid("m-3"));
    assert_eq!(
        validate_activity(&a, &data),
        vec![fe("host", Invalid::ActivistNotAllowed)]
    );
    // 丁 is in the branch from 2026-03-01 until (not including) 2026-06-01.
    a.host = Some(mid("m-4"));
    assert_eq!(validate_activity(&a, &data), vec![]);
    a.date = d(2026, 2, 28);
    assert_eq!(
        validate_activity(&a, &data),
        vec![fe("host", Invalid::NotInBranchThatDay)]
    );
    a.date = d(2026, 6, 1);
    assert_eq!(
        validate_activity(&a, &data),
        vec![fe("host", Invalid::NotInBranchThatDay)]
    );
    a.date = d(2026, 3, 1);
    assert_eq!(validate_activity(&a, &data), vec![]);
}

#[test]
fn recorder_and_lecturer_are_checked_like_the_host() {
    let data = data();
    let mut a = meeting();
    a.recorder = Some(mid("m-3"));
    a.lecturer = Some(mid("m-gone"));
    assert_eq!(
        validate_activity(&a, &data),
        vec![
            fe("recorder", Invalid::ActivistNotAllowed),
            fe("lecturer", Invalid::UnknownMember)
        ]
    );
}

#[test]
fn held_party_lecture_needs_a_lecturer_member_or_guest() {
    let data = data();
    let mut a = activity("a-2", ActivityKind::PartyLecture, d(2026, 4, 20));
    assert_eq!(
        validate_activity(&a, &data),
        vec![fe("lecturer", Invalid::Required("授课人"))]
    );
    a.status = ActivityStatus::Planned;
    assert_eq!(validate_activity(&a, &data), vec![]);
    a.status = ActivityStatus::Held;
    a.lecturer_name = "市委党校 王教授".to_owned();
    assert_eq!(validate_activity(&a, &data), vec![]);
    a.lecturer_name.clear();
    a.lecturer = Some(mid("m-1"));
    assert_eq!(validate_activity(&a, &data), vec![]);
}

#[test]
fn theme_day_needs_a_theme() {
    let data = data();
    let mut a = activity("a-2", ActivityKind::ThemeDay, d(2026, 4, 20));
    assert_eq!(
        validate_activity(&a, &data),
        vec![fe("theme", Invalid::Required("主题"))]
    );
    a.theme = "学习贯彻党的二十届四中全会精神".to_owned();
    assert_eq!(validate_activity(&a, &data), vec![]);
}

#[test]
fn planned_theme_day_may_wait_for_its_theme() {
    // The year plan generates 主题党日 entries without a theme; a backup holding them must import.
    let data = data();
    let mut a = activity("a-2", ActivityKind::ThemeDay, d(2026, 4, 20));
    for status in [ActivityStatus::Planned, ActivityStatus::Cancelled] {
        a.status = status;
        assert_eq!(validate_activity(&a, &data), vec![], "{status:?}");
    }
    a.status = ActivityStatus::Held;
    assert_eq!(
        validate_activity(&a, &data),
        vec![fe("theme", Invalid::Required("主题"))]
    );
}

#[test]
fn roll_duplicates_unknown_members_and_activists_not_observing() {
    let data = data();
    let mut a = meeting();
    a.attendance.push(entry("m-1", AttendanceStatus::Absent));
    a.attendance.push(entry("m-gone", AttendanceStatus::Present));
    a.attendance[2].status = AttendanceStatus::Present; // 丙, an activist
    assert_eq!(
        validate_activity(&a, &data),
        vec![
            fe("attendance", Invalid::ActivistMustObserve),
            fe("attendance", Invalid::DuplicateAttendee),
            fe("attendance", Invalid::UnknownMember),
        ]
    );
}

#[test]
fn make_up_only_for_leave_or_absence_and_not_before_the_activity() {
    let data = data();
    let mut a = meeting();
    // 乙 was on leave: a make-up the day before the meeting is impossible.
    a.attendance[1].make_up = Some(MakeUp {
        date: d(2026, 4, 9),
        way: MakeUpWay::SelfStudy,
        note: String::new(),
    });
    assert_eq!(
        validate_activity(&a, &data),
        vec![fe("attendance", Invalid::MakeUpBeforeActivity)]
    );
    // The same day is fine.
    a.attendance[1].make_up.as_mut().unwrap().date = d(2026, 4, 10);
    assert_eq!(validate_activity(&a, &data), vec![]);
    // 甲 was present: nothing to make up.
    a.attendance[0].make_up = Some(MakeUp {
        date: d(2026, 4, 12),
        way: MakeUpWay::Relay,
        note: String::new(),
    });
    assert_eq!(
        validate_activity(&a, &data),
        vec![fe("attendance", Invalid::MakeUpNotOwed)]
    );
}

#[test]
fn vote_counts_must_add_up() {
    let data = data();
    let mut a = meeting();
    let base = a.vote.unwrap();
    a.vote = Some(Vote { present: 3, ..base }); // more present than eligible
    assert_eq!(validate_activity(&a, &data), vec![fe("vote", Invalid::VoteCounts)]);
    a.vote = Some(Vote {
        in_favour: 1,
        against: 1,
        abstain: 1,
        ..base
    }); // 3 votes cast by 2 present
    assert_eq!(validate_activity(&a, &data), vec![fe("vote", Invalid::VoteCounts)]);
    a.vote = Some(Vote {
        in_favour: 1,
        against: 0,
        abstain: 1,
        ..base
    });
    assert_eq!(validate_activity(&a, &data), vec![]);
    // Huge numbers must not overflow.
    a.vote = Some(Vote {
        eligible: u32::MAX,
        present: u32::MAX,
        in_favour: u32::MAX,
        against: u32::MAX,
        abstain: u32::MAX,
    });
    assert_eq!(validate_activity(&a, &data), vec![fe("vote", Invalid::VoteCounts)]);
}

#[test]
fn study_hours_between_0_and_100() {
    let data = data();
    let mut a = meeting();
    for bad in [-0.5, 100.5, f64::NAN, f64::INFINITY] {
        a.study_hours = bad;
        assert_eq!(
            validate_activity(&a, &data),
            vec![fe("study_hours", Invalid::HoursRange)],
            "{bad}"
        );
    }
    for good in [0.0, 100.0, 2.5] {
        a.study_hours = good;
        assert_eq!(validate_activity(&a, &data), vec![], "{good}");
    }
}

#[test]
fn text_fields_too_long_or_with_control_characters() {
    let data = data();
    let mut a = meeting();
    a.location = "会".repeat(MAX_LINE_CHARS + 1);
    a.content = "x".repeat(MAX_TEXT_CHARS + 1);
    a.resolution = "通过\u{8}".to_owned();
    a.agenda.push("议".repeat(MAX_LINE_CHARS + 1));
    a.attendance[1].reason = "病假\u{7f}".to_owned();
    assert_eq!(
        validate_activity(&a, &data),
        vec![
            fe("location", Invalid::TooLong(200)),
            fe("content", Invalid::TooLong(20_000)),
            fe("resolution", Invalid::ControlChars),
            fe("agenda", Invalid::TooLong(200)),
            fe("attendance", Invalid::ControlChars),
        ]
    );
    // Line breaks and tabs are fine in free text.
    let mut b = meeting();
    b.content = "第一段\r\n\t第二段".to_owned();
    assert_eq!(validate_activity(&b, &data), vec![]);
}

// ---- study plan ----

#[test]
fn study_item_topic_hours_leader_and_activity() {
    let data = data();
    let mut s = StudyItem {
        id: StudyItemId::from("s-1"),
        date: d(2026, 4, 6),
        whole_week: true,
        topic: String::new(),
        materials: "《中国共产党章程》".to_owned(),
        format: StudyFormat::Group,
        study_leader: Some(mid("m-gone")),
        study_hours: 101.0,
        activity: Some(ActivityId::from("a-gone")),
        done: false,
    };
    assert_eq!(
        validate_study_item(&s, &data),
        vec![
            fe("topic", Invalid::Required("学习主题")),
            fe("study_hours", Invalid::HoursRange),
            fe("study_leader", Invalid::UnknownMember),
            fe("activity", Invalid::UnknownActivity),
        ]
    );
    s.topic = "学习党章".to_owned();
    s.study_hours = 2.0;
    s.study_leader = Some(mid("m-1"));
    s.activity = None;
    assert_eq!(validate_study_item(&s, &data), vec![]);
}

#[test]
fn messages_are_chinese_and_say_what_to_do() {
    assert_eq!(Invalid::Required("姓名").to_string(), "请填写姓名");
    assert_eq!(Invalid::LeftBeforeJoined.to_string(), "转出日期不能早于转入日期");
    assert_eq!(Invalid::GroupMeetingWithoutGroup.to_string(), "党小组会须选择党小组");
    assert_eq!(
        Invalid::NotInBranchThatDay.to_string(),
        "该人员当天不在本支部（请检查转入、转出日期）"
    );
    assert_eq!(
        Invalid::from(zhibu::domain::date::DateError::NoSuchDay).to_string(),
        "没有这一天，请检查月份和日期"
    );
}
