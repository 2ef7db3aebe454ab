#![cfg(not(target_arch = "wasm32"))]
//! 应到 / 实到 / quorum / 补学 rules of `zhibu::domain::roll`.

mod domain_support;

use domain_support::*;
use zhibu::domain::*;
use AttendanceStatus::{Absent, Elsewhere, Leave, Observer, Present};

const DAY: (i32, u8, u8) = (2026, 3, 15);

fn day() -> Date {
    d(DAY.0, DAY.1, DAY.2)
}

#[test]
fn joining_on_the_day_counts_leaving_on_the_day_does_not() {
    let mut joins_today = full("m-1", "甲");
    joins_today.joined_branch = Some(day());
    let mut joins_tomorrow = full("m-2", "乙");
    joins_tomorrow.joined_branch = Some(d(2026, 3, 16));
    let mut leaves_today = full("m-3", "丙");
    leaves_today.left_branch = Some(day());
    let mut leaves_tomorrow = full("m-4", "丁");
    leaves_tomorrow.left_branch = Some(d(2026, 3, 16));
    let mut left_last_year = full("m-5", "戊");
    left_last_year.left_branch = Some(d(2025, 6, 1));
    let data = dataset(
        vec![],
        vec![
            joins_today,
            joins_tomorrow,
            leaves_today,
            leaves_tomorrow,
            left_last_year,
        ],
    );

    let roll = default_roll(&data, ActivityKind::GeneralMeeting, day(), None);
    let mut ids: Vec<&str> = roll.iter().map(|e| e.member.as_str()).collect();
    zhibu::domain::sort::sort(&mut ids);
    assert_eq!(ids, vec!["m-1", "m-4"]);
    assert!(roll
        .iter()
        .all(|e| e.status == Present && e.make_up.is_none() && e.reason.is_empty()));
}

#[test]
fn group_meeting_lists_only_that_group() {
    let data = dataset(
        vec![group("g-1", "第一党小组"), group("g-2", "第二党小组")],
        vec![
            in_group(full("m-1", "甲"), "g-1"),
            in_group(full("m-2", "乙"), "g-2"),
            in_group(member("m-3", "丙", MemberKind::Probationary), "g-1"),
            full("m-4", "丁"),
        ],
    );
    let roll = default_roll(&data, ActivityKind::GroupMeeting, day(), Some(&gid("g-1")));
    // Names 按姓氏笔画: 丙 and 甲 have 5 strokes; 丙 starts with 横, 甲 with 竖.
    assert_eq!(roll_ids(&roll), vec![("m-3", Present), ("m-1", Present)]);
    let roll = default_roll(&data, ActivityKind::GroupMeeting, day(), Some(&gid("g-2")));
    assert_eq!(roll_ids(&roll), vec![("m-2", Present)]);
    // No group chosen yet: nobody is in scope.
    assert!(default_roll(&data, ActivityKind::GroupMeeting, day(), None).is_empty());
}

#[test]
fn whole_branch_roll_is_ordered_by_group_then_name_with_observers_last() {
    let data = dataset(
        vec![group("g-b", "第一党小组"), group("g-a", "第二党小组")],
        vec![
            full("m-1", "无组"),
            in_group(full("m-2", "B"), "g-a"),
            in_group(full("m-3", "A"), "g-a"),
            in_group(member("m-4", "积极", MemberKind::Activist), "g-b"),
            in_group(full("m-5", "Z"), "g-b"),
        ],
    );
    let roll = default_roll(&data, ActivityKind::ThemeDay, day(), None);
    assert_eq!(
        roll_ids(&roll),
        vec![
            ("m-5", Present),
            ("m-3", Present),
            ("m-2", Present),
            ("m-1", Present),
            ("m-4", Observer)
        ]
    );
}

#[test]
fn committee_meeting_lists_seat_holders_once_in_seat_order() {
    let mut data = dataset(
        vec![],
        vec![
            full("m-1", "甲"),
            full("m-2", "乙"),
            full("m-3", "丙"),
            full("m-4", "丁"),
        ],
    );
    data.branch.set_holder(CommitteeRole::Organization, Some(mid("m-1")));
    data.branch.set_holder(CommitteeRole::Secretary, Some(mid("m-3")));
    data.branch.set_holder(CommitteeRole::Publicity, Some(mid("m-3")));
    data.branch.set_holder(CommitteeRole::DeputySecretary, Some(mid("m-2")));
    let roll = default_roll(&data, ActivityKind::CommitteeMeeting, day(), None);
    assert_eq!(
        roll_ids(&roll),
        vec![("m-3", Present), ("m-2", Present), ("m-1", Present)]
    );
}

#[test]
fn probationary_members_count_for_attendance_but_not_for_the_vote() {
    let mut data = dataset(
        vec![],
        vec![
            full("m-1", "甲"),
            full("m-2", "乙"),
            member("m-3", "丙", MemberKind::Probationary),
            member("m-4", "丁", MemberKind::Probationary),
        ],
    );
    let mut a = activity("a-1", ActivityKind::GeneralMeeting, day());
    a.attendance = default_roll(&data, a.kind, a.date, None);
    assert_eq!(a.attendance.len(), 4);
    let yi = a.attendance.iter_mut().find(|e| e.member == mid("m-2")).unwrap();
    yi.status = Leave; // 乙, full
    data.activities.push(a.clone());
    let t = tally(&a, &data);
    assert_eq!(t.expected, 4);
    assert_eq!(t.expected_full, 2);
    assert_eq!(t.expected_probationary, 2);
    assert_eq!(t.attended, 3);
    assert_eq!(t.voting_expected, 2);
    assert_eq!(t.voting_attended, 1);
    // Two full members: more than half is 2, one attended.
    assert_eq!(
        t.quorum,
        Some(Quorum {
            required: 2,
            met: false
        })
    );
}

#[test]
fn full_since_after_the_date_means_probationary_that_day() {
    let mut m = full("m-1", "甲");
    m.party_joined = Some(d(2025, 6, 1));
    m.full_since = Some(d(2026, 6, 1));
    let data = dataset(vec![], vec![m, full("m-2", "乙")]);
    let mut before = activity("a-1", ActivityKind::GeneralMeeting, day());
    before.attendance = default_roll(&data, before.kind, before.date, None);
    let t = tally(&before, &data);
    assert_eq!((t.expected, t.expected_full, t.expected_probationary), (2, 1, 1));
    assert_eq!(t.voting_expected, 1);
    assert_eq!(t.quorum, Some(Quorum { required: 1, met: true }));

    let mut after = activity("a-2", ActivityKind::GeneralMeeting, d(2026, 6, 1));
    after.attendance = default_roll(&data, after.kind, after.date, None);
    let t = tally(&after, &data);
    assert_eq!((t.expected, t.expected_full, t.expected_probationary), (2, 2, 0));
    assert_eq!(t.voting_expected, 2);
}

#[test]
fn activists_observe_and_are_never_expected() {
    let data = dataset(
        vec![],
        vec![
            full("m-1", "甲"),
            member("m-2", "积极分子", MemberKind::Activist),
            member("m-3", "发展对象", MemberKind::Activist),
        ],
    );
    let roll = default_roll(&data, ActivityKind::PartyLecture, day(), None);
    assert_eq!(
        roll_ids(&roll),
        vec![("m-1", Present), ("m-3", Observer), ("m-2", Observer)]
    );
    let mut a = activity("a-1", ActivityKind::PartyLecture, day());
    a.attendance = roll;
    let t = tally(&a, &data);
    assert_eq!((t.expected, t.attended, t.observers), (1, 1, 2));
    assert_eq!(t.quorum, None);

    // An activist wrongly marked present is still not 应到 (counted as an observer);
    // one marked absent is not counted at all.
    a.attendance[1].status = Present;
    a.attendance[2].status = Absent;
    let t = tally(&a, &data);
    assert_eq!((t.expected, t.attended, t.absent, t.observers), (1, 1, 0, 1));
}

#[test]
fn mobile_members_are_expected_and_elsewhere_counts_as_attended_but_not_for_quorum() {
    let mut mobile = full("m-2", "流动");
    mobile.mobile = true;
    let data = dataset(vec![], vec![full("m-1", "甲"), mobile, full("m-3", "丙")]);
    let roll = default_roll(&data, ActivityKind::GeneralMeeting, day(), None);
    assert_eq!(roll.len(), 3);
    assert!(roll.iter().all(|e| e.status == Present));

    let mut a = activity("a-1", ActivityKind::GeneralMeeting, day());
    a.attendance = vec![entry("m-1", Present), entry("m-2", Elsewhere), entry("m-3", Absent)];
    let t = tally(&a, &data);
    assert_eq!(t.expected, 3);
    assert_eq!(t.attended, 2);
    assert_eq!((t.present, t.elsewhere, t.absent, t.leave), (1, 1, 1, 0));
    // Taking part elsewhere counts in 实到 but not towards the quorum of a vote held here.
    assert_eq!(t.voting_attended, 1);
    assert_eq!(
        t.quorum,
        Some(Quorum {
            required: 2,
            met: false
        })
    );
    assert_eq!(t.attendance_rate().map(|r| r.round() as i64), Some(67));
}

#[test]
fn excused_members_are_left_out_only_while_excused() {
    let mut ill = full("m-2", "病假");
    ill.excused.push(Excusal {
        from: d(2026, 1, 1),
        to: Some(d(2026, 3, 15)),
        note: "长期病假，经支委会同意".to_owned(),
    });
    let mut abroad = full("m-3", "出国");
    abroad.excused.push(Excusal {
        from: d(2026, 3, 1),
        to: None,
        note: "出国学习".to_owned(),
    });
    let data = dataset(vec![], vec![full("m-1", "甲"), ill, abroad]);
    let ids = |date| -> Vec<String> {
        let mut v: Vec<String> = default_roll(&data, ActivityKind::ThemeDay, date, None)
            .into_iter()
            .map(|e| e.member.0)
            .collect();
        zhibu::domain::sort::sort(&mut v);
        v
    };
    assert_eq!(ids(d(2026, 3, 15)), vec!["m-1"]);
    assert_eq!(ids(d(2026, 3, 16)), vec!["m-1", "m-2"]);
    assert_eq!(ids(d(2026, 2, 28)), vec!["m-1", "m-3"]);
}

fn general_meeting_with(full_present: usize, full_absent: usize, probationary_present: usize) -> (Activity, Dataset) {
    let mut members = Vec::new();
    let mut attendance = Vec::new();
    let mut n = 0;
    for (count, kind, status) in [
        (full_present, MemberKind::Full, Present),
        (full_absent, MemberKind::Full, Absent),
        (probationary_present, MemberKind::Probationary, Present),
    ] {
        for _ in 0..count {
            n += 1;
            let id = format!("m-{n}");
            members.push(member(&id, &format!("党员{n}"), kind));
            attendance.push(entry(&id, status));
        }
    }
    let mut a = activity("a-1", ActivityKind::GeneralMeeting, day());
    a.attendance = attendance;
    (a, dataset(vec![], members))
}

#[test]
fn quorum_ten_voting_needs_six() {
    let (a, data) = general_meeting_with(5, 5, 0);
    let t = tally(&a, &data);
    assert_eq!((t.voting_expected, t.voting_attended), (10, 5));
    assert_eq!(
        t.quorum,
        Some(Quorum {
            required: 6,
            met: false
        })
    );

    let (a, data) = general_meeting_with(6, 4, 0);
    let t = tally(&a, &data);
    assert_eq!(t.quorum, Some(Quorum { required: 6, met: true }));
}

#[test]
fn quorum_nine_voting_needs_five() {
    let (a, data) = general_meeting_with(5, 4, 0);
    let t = tally(&a, &data);
    assert_eq!(t.quorum, Some(Quorum { required: 5, met: true }));
    let (a, data) = general_meeting_with(4, 5, 0);
    assert_eq!(
        tally(&a, &data).quorum,
        Some(Quorum {
            required: 5,
            met: false
        })
    );
}

#[test]
fn present_probationary_members_do_not_make_a_quorum() {
    // 10 full (5 present) + 3 probationary present: 8 of 13 attended, but only 5 of 10 voting.
    let (a, data) = general_meeting_with(5, 5, 3);
    let t = tally(&a, &data);
    assert_eq!((t.expected, t.attended), (13, 8));
    assert_eq!(
        t.quorum,
        Some(Quorum {
            required: 6,
            met: false
        })
    );
}

#[test]
fn committee_meeting_has_a_quorum_other_kinds_do_not() {
    let data = dataset(vec![], vec![full("m-1", "甲"), full("m-2", "乙"), full("m-3", "丙")]);
    let mut a = activity("a-1", ActivityKind::CommitteeMeeting, day());
    a.attendance = vec![entry("m-1", Present), entry("m-2", Present), entry("m-3", Leave)];
    assert_eq!(tally(&a, &data).quorum, Some(Quorum { required: 2, met: true }));
    for kind in [
        ActivityKind::GroupMeeting,
        ActivityKind::PartyLecture,
        ActivityKind::ThemeDay,
        ActivityKind::OrgLifeMeeting,
        ActivityKind::MemberReview,
        ActivityKind::HeartTalk,
        ActivityKind::GroupStudy,
    ] {
        a.kind = kind;
        assert_eq!(tally(&a, &data).quorum, None, "{kind:?}");
    }
}

#[test]
fn tally_skips_deleted_members_and_duplicate_entries() {
    let data = dataset(vec![], vec![full("m-1", "甲")]);
    let mut a = activity("a-1", ActivityKind::GeneralMeeting, day());
    a.attendance = vec![entry("m-1", Present), entry("m-gone", Absent), entry("m-1", Absent)];
    let t = tally(&a, &data);
    assert_eq!((t.expected, t.attended, t.present, t.absent), (1, 1, 1, 0));
    assert_eq!(t.quorum, Some(Quorum { required: 1, met: true }));
}

#[test]
fn stored_roll_counts_members_who_have_since_left() {
    // 乙 left the branch before the meeting date (the date was edited after the roll was taken):
    // the stored entry is what happened, so it is counted as recorded.
    let mut left = full("m-2", "乙");
    left.left_branch = Some(d(2026, 1, 1));
    let data = dataset(vec![], vec![full("m-1", "甲"), left]);
    let mut a = activity("a-1", ActivityKind::GeneralMeeting, day());
    a.attendance = vec![entry("m-1", Present), entry("m-2", Leave)];
    let t = tally(&a, &data);
    assert_eq!((t.expected, t.attended, t.leave), (2, 1, 1));
    assert_eq!(
        t.quorum,
        Some(Quorum {
            required: 2,
            met: false
        })
    );
    // A fresh roll for the same day would not list 乙.
    assert_eq!(
        roll_ids(&default_roll(&data, a.kind, a.date, None)),
        vec![("m-1", Present)]
    );
}

#[test]
fn empty_roll_counts_nothing() {
    let data = dataset(vec![], vec![full("m-1", "甲")]);
    let a = activity("a-1", ActivityKind::GeneralMeeting, day());
    let t = tally(&a, &data);
    assert_eq!(t.expected, 0);
    assert_eq!(t.attendance_rate(), None);
    assert_eq!(
        t.quorum,
        Some(Quorum {
            required: 1,
            met: false
        })
    );
}

#[test]
fn make_up_owed_lists_unmade_leave_and_absence_newest_first() {
    let mut data = dataset(vec![], vec![full("m-1", "甲"), full("m-2", "乙"), full("m-3", "丙")]);
    let mut old = activity("a-old", ActivityKind::GroupStudy, d(2026, 1, 5));
    old.attendance = vec![entry("m-1", Leave), entry("m-2", Absent), entry("m-3", Present)];
    old.attendance[1].make_up = Some(MakeUp {
        date: d(2026, 1, 10),
        way: MakeUpWay::SelfStudy,
        note: String::new(),
    });
    let mut new = activity("a-new", ActivityKind::ThemeDay, d(2026, 2, 5));
    new.attendance = vec![entry("m-2", Absent), entry("m-gone", Absent), entry("m-3", Elsewhere)];
    let mut same_day_later = activity("a-late", ActivityKind::GroupStudy, d(2026, 2, 5));
    same_day_later.start = Some(Time::hm(14, 0));
    same_day_later.attendance = vec![entry("m-3", Leave)];
    let mut planned = activity("a-plan", ActivityKind::ThemeDay, d(2026, 3, 5));
    planned.status = ActivityStatus::Planned;
    planned.attendance = vec![entry("m-1", Absent)];
    let mut cancelled = activity("a-cancel", ActivityKind::ThemeDay, d(2026, 3, 6));
    cancelled.status = ActivityStatus::Cancelled;
    cancelled.attendance = vec![entry("m-1", Leave)];
    data.activities = vec![old, planned, new, cancelled, same_day_later];

    let owed: Vec<(&str, &str)> = make_up_owed(&data)
        .into_iter()
        .map(|(a, e)| (a.id.as_str(), e.member.as_str()))
        .collect();
    assert_eq!(owed, vec![("a-late", "m-3"), ("a-new", "m-2"), ("a-old", "m-1")]);
}

#[test]
fn a_fresh_roll_tallies_to_full_attendance_for_every_kind() {
    let mut mobile = in_group(full("m-6", "流动"), "g-1");
    mobile.mobile = true;
    let mut data = dataset(
        vec![group("g-1", "第一党小组"), group("g-2", "第二党小组")],
        vec![
            in_group(full("m-1", "甲"), "g-1"),
            in_group(member("m-2", "乙", MemberKind::Probationary), "g-1"),
            in_group(member("m-3", "丙", MemberKind::Activist), "g-1"),
            in_group(full("m-4", "丁"), "g-2"),
            full("m-5", "戊"),
            mobile,
        ],
    );
    data.branch.set_holder(CommitteeRole::Secretary, Some(mid("m-1")));
    data.branch.set_holder(CommitteeRole::Organization, Some(mid("m-4")));
    // (kind, group) → (应到, 正式, 预备, 列席)
    let cases = [
        (ActivityKind::GeneralMeeting, None, (5, 4, 1, 1)),
        (ActivityKind::CommitteeMeeting, None, (2, 2, 0, 0)),
        (ActivityKind::GroupMeeting, Some(gid("g-1")), (3, 2, 1, 1)),
        (ActivityKind::GroupMeeting, Some(gid("g-2")), (1, 1, 0, 0)),
        (ActivityKind::OrgLifeMeeting, None, (5, 4, 1, 1)),
    ];
    for (kind, group, (expected, full_n, prob_n, observers)) in cases {
        let mut a = activity("a-1", kind, day());
        a.group = group.clone();
        a.attendance = default_roll(&data, kind, day(), group.as_ref());
        let t = tally(&a, &data);
        assert_eq!(
            (t.expected, t.expected_full, t.expected_probationary, t.observers),
            (expected, full_n, prob_n, observers),
            "{kind:?} {group:?}"
        );
        assert_eq!((t.attended, t.present, t.voting_attended), (expected, expected, full_n));
        assert_eq!(t.attendance_rate(), Some(100.0));
        assert_eq!(t.quorum.map(|q| q.met), kind.has_quorum().then_some(true));
    }
}

#[test]
fn who_is_left_out_because_they_joined_later() {
    // A roster pasted with one date for all (2026-01-01), then a record of last March.
    let pasted = |id: &str, name: &str| {
        let mut m = full(id, name);
        m.joined_branch = Some(d(2026, 1, 1));
        m
    };
    let mut admitted_later = member("m-4", "丁", MemberKind::Probationary);
    admitted_later.party_joined = Some(d(2025, 9, 1));
    admitted_later.joined_branch = Some(d(2025, 9, 1));
    let mut activist = member("m-5", "戊", MemberKind::Activist);
    activist.joined_branch = Some(d(2026, 1, 1));
    let mut excused = pasted("m-6", "己");
    excused.excused.push(Excusal {
        from: d(2025, 1, 1),
        to: None,
        note: "病假".into(),
    });
    let data = dataset(
        vec![group("g-1", "第一党小组")],
        vec![
            pasted("m-1", "甲"),
            in_group(pasted("m-2", "乙"), "g-1"),
            pasted("m-3", "丙"),
            admitted_later,
            activist,
            excused,
            full("m-7", "庚"),
        ],
    );
    let march = d(2025, 3, 15);
    let ids = |v: Vec<&Member>| v.into_iter().map(|m| m.id.as_str().to_owned()).collect::<Vec<_>>();
    // The three pasted party members (按姓氏笔画: 乙 1 stroke, 丙 and 甲 5), not the one admitted later, the
    // activist, or the one excused.
    assert_eq!(
        ids(joined_after(&data, ActivityKind::GeneralMeeting, march, None)),
        ["m-2", "m-3", "m-1"]
    );
    assert_eq!(default_roll(&data, ActivityKind::GeneralMeeting, march, None).len(), 1);
    // Only those in scope.
    assert_eq!(
        ids(joined_after(
            &data,
            ActivityKind::GroupMeeting,
            march,
            Some(&gid("g-1"))
        )),
        ["m-2"]
    );
    // On their date they are in; an unknown date never leaves anyone out.
    assert!(joined_after(&data, ActivityKind::GeneralMeeting, d(2026, 1, 1), None).is_empty());
    let mut unknown = data.clone();
    for m in &mut unknown.members {
        m.joined_branch = None;
    }
    assert!(joined_after(&unknown, ActivityKind::GeneralMeeting, march, None).is_empty());
    let present = default_roll(&unknown, ActivityKind::GeneralMeeting, march, None)
        .iter()
        .filter(|e| e.status == Present)
        .count();
    assert_eq!(present, 5, "甲乙丙丁庚 (己 excused; 戊 an observer)");
}
