#![cfg(not(target_arch = "wasm32"))]
//! The record form's decisions (`domain::record_form`): who chairs, records and lectures by default, a new
//! record's defaults, a planned record opened to be held, who may be chosen, and the rebuilt roll.

mod domain_support;

use domain_support::*;
use zhibu::domain::record_form::*;
use zhibu::domain::*;

/// Two groups; 张书记 secretary, 李委员 organisation, 王组长 leads 第二党小组; an activist in 第一党小组.
fn branch() -> Dataset {
    let mut data = dataset(
        vec![group("g-1", "第一党小组"), group("g-2", "第二党小组")],
        vec![
            in_group(full("m-zhang", "张书记"), "g-1"),
            in_group(full("m-li", "李委员"), "g-2"),
            in_group(full("m-wang", "王组长"), "g-2"),
            in_group(member("m-qian", "钱积极", MemberKind::Activist), "g-1"),
        ],
    );
    data.branch.set_holder(CommitteeRole::Secretary, Some(mid("m-zhang")));
    data.branch.set_holder(CommitteeRole::Organization, Some(mid("m-li")));
    data.groups[1].group_leader = Some(mid("m-wang"));
    data
}

#[test]
fn host_and_recorder_by_office() {
    let data = branch();
    assert_eq!(chair(&data), Some(mid("m-zhang")));
    assert_eq!(default_host(&data, ActivityKind::ThemeDay, None), Some(mid("m-zhang")));
    assert_eq!(
        default_host(&data, ActivityKind::GroupMeeting, Some(&gid("g-2"))),
        Some(mid("m-wang"))
    );
    assert_eq!(default_host(&data, ActivityKind::GroupMeeting, Some(&gid("g-1"))), None);
    assert_eq!(default_host(&data, ActivityKind::GroupMeeting, None), None);
    assert_eq!(
        default_recorder(&data, ActivityKind::ThemeDay, Some(&mid("m-zhang"))),
        Some(mid("m-li"))
    );
    // Not the host: the next seat (none here).
    assert_eq!(
        default_recorder(&data, ActivityKind::ThemeDay, Some(&mid("m-li"))),
        None
    );
    assert_eq!(default_recorder(&data, ActivityKind::GroupMeeting, None), None);

    // Without a secretary, the deputy chairs.
    let mut data = branch();
    data.branch.set_holder(CommitteeRole::Secretary, None);
    data.branch
        .set_holder(CommitteeRole::DeputySecretary, Some(mid("m-wang")));
    assert_eq!(chair(&data), Some(mid("m-wang")));
}

#[test]
fn a_new_record_has_every_default() {
    let mut data = branch();
    let mut last = activity("a-old", ActivityKind::ThemeDay, d(2026, 2, 10));
    last.start = Some(Time::hm(14, 30));
    last.end = Some(Time::hm(16, 0));
    last.location = "三楼会议室".to_owned();
    data.activities.push(last);

    let today = d(2026, 3, 1);
    let a = new_activity(
        &data,
        ActivityId::from("a-new"),
        ActivityKind::ThemeDay,
        d(2026, 3, 1),
        None,
        today,
    );
    assert_eq!(a.id, ActivityId::from("a-new"));
    assert_eq!((a.start, a.end), (Some(Time::hm(14, 30)), Some(Time::hm(16, 0))));
    assert_eq!(a.location, "三楼会议室");
    assert_eq!(a.status, ActivityStatus::Held);
    assert_eq!(a.host, Some(mid("m-zhang")));
    assert_eq!(a.recorder, Some(mid("m-li")));
    assert_eq!(a.agenda, default_agenda(ActivityKind::ThemeDay));
    assert_eq!(a.study_hours, default_study_hours(ActivityKind::ThemeDay));
    assert_eq!(
        a.attendance,
        default_roll(&data, ActivityKind::ThemeDay, d(2026, 3, 1), None)
    );

    // No earlier record of the kind: 09:00—11:00; a later day is planned; a lecture has the chair lecturing.
    let b = new_activity(
        &data,
        ActivityId::from("a-b"),
        ActivityKind::PartyLecture,
        d(2026, 4, 1),
        None,
        today,
    );
    assert_eq!((b.start, b.end), (Some(Time::hm(9, 0)), Some(Time::hm(11, 0))));
    assert_eq!(b.location, "");
    assert_eq!(b.status, ActivityStatus::Planned);
    assert_eq!(b.lecturer, Some(mid("m-zhang")));

    // A group meeting: the group asked for (if it exists), hosted by its leader, no recorder.
    let g = new_activity(
        &data,
        ActivityId::from("a-g"),
        ActivityKind::GroupMeeting,
        today,
        Some(&gid("g-2")),
        today,
    );
    assert_eq!(g.group, Some(gid("g-2")));
    assert_eq!(g.host, Some(mid("m-wang")));
    assert_eq!(g.recorder, None);
    let unknown = new_activity(
        &data,
        ActivityId::from("a-u"),
        ActivityKind::GroupMeeting,
        today,
        Some(&gid("g-9")),
        today,
    );
    assert_eq!(unknown.group, None);
    // The only group is chosen by itself.
    data.groups.truncate(1);
    let only = new_activity(
        &data,
        ActivityId::from("a-o"),
        ActivityKind::GroupMeeting,
        today,
        None,
        today,
    );
    assert_eq!(only.group, Some(gid("g-1")));
    // Other kinds have no group.
    let t = new_activity(
        &data,
        ActivityId::from("a-t"),
        ActivityKind::ThemeDay,
        today,
        Some(&gid("g-1")),
        today,
    );
    assert_eq!(t.group, None);
}

#[test]
fn a_planned_record_opened_to_be_held() {
    let data = branch();
    let mut planned = activity("a-p", ActivityKind::PartyLecture, d(2026, 3, 5));
    planned.status = ActivityStatus::Planned;
    let held = for_editing(&data, planned.clone(), true);
    assert_eq!(held.status, ActivityStatus::Held);
    assert_eq!(held.host, Some(mid("m-zhang")));
    assert_eq!(held.recorder, Some(mid("m-li")));
    assert_eq!(held.lecturer, Some(mid("m-zhang")));
    assert_eq!(
        held.attendance,
        default_roll(&data, ActivityKind::PartyLecture, d(2026, 3, 5), None)
    );
    assert_eq!(held.agenda, default_agenda(ActivityKind::PartyLecture));

    // Opened for editing only: the status and people stay; a guest lecturer stays.
    planned.lecturer_name = "上级党委书记".to_owned();
    let edited = for_editing(&data, planned.clone(), false);
    assert_eq!(edited.status, ActivityStatus::Planned);
    assert_eq!(edited.host, None);
    let held = for_editing(&data, planned, true);
    assert_eq!(held.lecturer, None);
}

#[test]
fn marks_survive_a_rebuilt_roll() {
    let mut leave = entry("m-li", AttendanceStatus::Leave);
    leave.reason = "出差".to_owned();
    let old = vec![
        entry("m-zhang", AttendanceStatus::Absent),
        leave,
        entry("m-qian", AttendanceStatus::Observer),
    ];
    let fresh = vec![
        entry("m-zhang", AttendanceStatus::Present),
        entry("m-li", AttendanceStatus::Present),
        entry("m-wang", AttendanceStatus::Present),
    ];
    let merged = merge_roll(fresh, &old);
    assert_eq!(
        roll_ids(&merged),
        [
            ("m-zhang", AttendanceStatus::Absent),
            ("m-li", AttendanceStatus::Leave),
            ("m-wang", AttendanceStatus::Present),
        ]
    );
    assert_eq!(merged[1].reason, "出差");
    // An observer's mark does not become a party member's, nor the other way.
    let merged = merge_roll(vec![entry("m-qian", AttendanceStatus::Present)], &old);
    assert_eq!(roll_ids(&merged), [("m-qian", AttendanceStatus::Present)]);
}

#[test]
fn the_roll_follows_the_kind_and_group() {
    let data = branch();
    let day = d(2026, 3, 5);
    let roll = default_roll(&data, ActivityKind::ThemeDay, day, None);
    // From the whole branch to 第二党小组: its two members, marks kept.
    let mut marked = roll.clone();
    marked.iter_mut().find(|e| e.member == mid("m-li")).unwrap().status = AttendanceStatus::Leave;
    let old: RollKey = (ActivityKind::ThemeDay, Some(day), None);
    let new: RollKey = (ActivityKind::GroupMeeting, Some(day), Some(gid("g-2")));
    let next = roll_after_change(&data, &marked, &old, &new, day);
    assert_eq!(
        next.iter().map(|e| (e.member.as_str(), e.status)).collect::<Vec<_>>(),
        default_roll(&data, ActivityKind::GroupMeeting, day, Some(&gid("g-2")))
            .iter()
            .map(|e| (
                e.member.as_str(),
                if e.member == mid("m-li") {
                    AttendanceStatus::Leave
                } else {
                    e.status
                }
            ))
            .collect::<Vec<_>>()
    );

    // Someone added by hand as 列席 stays when the date moves (still in the branch then).
    let group_roll = default_roll(&data, ActivityKind::GroupMeeting, day, Some(&gid("g-2")));
    let mut with_guest = group_roll.clone();
    with_guest.push(entry("m-zhang", AttendanceStatus::Observer));
    let old: RollKey = (ActivityKind::GroupMeeting, Some(day), Some(gid("g-2")));
    let later = d(2026, 3, 12);
    let new: RollKey = (ActivityKind::GroupMeeting, Some(later), Some(gid("g-2")));
    let next = roll_after_change(&data, &with_guest, &old, &new, later);
    assert!(next
        .iter()
        .any(|e| e.member == mid("m-zhang") && e.status == AttendanceStatus::Observer));
    // Not before they joined the branch.
    let early = d(2019, 3, 12);
    let new: RollKey = (ActivityKind::GroupMeeting, Some(early), Some(gid("g-2")));
    let next = roll_after_change(&data, &with_guest, &old, &new, early);
    assert!(!next.iter().any(|e| e.member == mid("m-zhang")));

    // Refreshed in place: everyone added by hand stays.
    let refreshed = roll_refreshed(&data, &with_guest, ActivityKind::GroupMeeting, day, Some(&gid("g-2")));
    assert_eq!(refreshed, with_guest);
}

#[test]
fn host_and_recorder_follow_the_defaults_unless_chosen() {
    let data = branch();
    // Theme day → group meeting of 第二党小组: the defaults follow (group leader hosts, nobody records).
    let (host, recorder) = people_after_change(
        &data,
        Some(&mid("m-zhang")),
        Some(&mid("m-li")),
        (ActivityKind::ThemeDay, None),
        (ActivityKind::GroupMeeting, Some(&gid("g-2"))),
    );
    assert_eq!(host, Some(Some(mid("m-wang"))));
    assert_eq!(recorder, Some(None));
    // Chosen by the user: left alone.
    let (host, recorder) = people_after_change(
        &data,
        Some(&mid("m-wang")),
        Some(&mid("m-zhang")),
        (ActivityKind::ThemeDay, None),
        (ActivityKind::CommitteeMeeting, None),
    );
    assert_eq!((host, recorder), (None, None));
}

#[test]
fn eligible_people_are_party_members_committee_first() {
    let data = branch();
    let people = eligible_people(&data, Some(d(2026, 3, 5)));
    assert_eq!(
        people,
        [
            (mid("m-zhang"), "张书记（书记）".to_owned()),
            (mid("m-li"), "李委员（组织委员）".to_owned()),
            (mid("m-wang"), "王组长".to_owned()),
        ]
    );
    assert!(eligible_people(&data, None).is_empty());
    assert!(eligible_people(&data, Some(d(2019, 1, 1))).is_empty());
}

#[test]
fn kind_chooser_hints_and_counts() {
    let mut data = branch();
    for k in ActivityKind::ALL {
        assert!(!kind_hint(k).is_empty());
    }
    data.activities
        .push(activity("a-1", ActivityKind::ThemeDay, d(2026, 1, 5)));
    data.activities
        .push(activity("a-2", ActivityKind::ThemeDay, d(2025, 1, 5)));
    let mut planned = activity("a-3", ActivityKind::ThemeDay, d(2026, 2, 5));
    planned.status = ActivityStatus::Planned;
    data.activities.push(planned);
    let counts = held_in_year(&data, 2026);
    let at = ActivityKind::ALL
        .iter()
        .position(|k| *k == ActivityKind::ThemeDay)
        .unwrap();
    assert_eq!(counts[at], 1);
    assert_eq!(counts.iter().sum::<usize>(), 1);
}
