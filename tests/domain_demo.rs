#![cfg(not(target_arch = "wasm32"))]
//! The demo generator: deterministic, valid by every validator, with the people and counts it promises.

use std::collections::HashSet;
use std::time::Instant;
use zhibu::domain::demo::{generate, DemoSize};
use zhibu::domain::integrity::check_dataset;
use zhibu::domain::validate::{
    validate_activity, validate_branch, validate_group, validate_member, validate_study_item,
};
use zhibu::domain::*;

fn today() -> Date {
    Date::ymd(2026, 5, 20)
}

fn entries(data: &Dataset) -> usize {
    data.activities.iter().map(|a| a.attendance.len()).sum()
}

fn count(data: &Dataset, kind: ActivityKind) -> usize {
    data.activities.iter().filter(|a| a.kind == kind).count()
}

fn assert_all_valid(data: &Dataset) {
    let errs = validate_branch(&data.branch, &data.members);
    assert!(errs.is_empty(), "branch: {errs:?}");
    for g in &data.groups {
        let errs = validate_group(g, &data.groups, &data.members);
        assert!(errs.is_empty(), "group {}: {errs:?}", g.name);
    }
    for m in &data.members {
        let errs = validate_member(m, &data.groups);
        assert!(errs.is_empty(), "member {} {}: {errs:?}", m.id, m.name);
    }
    for a in &data.activities {
        let errs = validate_activity(a, data);
        assert!(
            errs.is_empty(),
            "activity {} {} {}: {errs:?}",
            a.id,
            a.date,
            a.kind.label()
        );
    }
    for s in &data.study_items {
        let errs = validate_study_item(s, data);
        assert!(errs.is_empty(), "study item {} {}: {errs:?}", s.id, s.topic);
    }
    let problems = check_dataset(data);
    assert!(problems.is_empty(), "integrity: {problems:?}");
}

fn assert_ids_unique(data: &Dataset) {
    let mut seen = HashSet::new();
    for id in data.members.iter().map(|m| m.id.as_str()) {
        assert!(seen.insert(id.to_owned()), "duplicate member id {id}");
    }
    for id in data.groups.iter().map(|g| g.id.as_str()) {
        assert!(seen.insert(id.to_owned()), "duplicate group id {id}");
    }
    for id in data.activities.iter().map(|a| a.id.as_str()) {
        assert!(seen.insert(id.to_owned()), "duplicate activity id {id}");
    }
    for id in data.study_items.iter().map(|s| s.id.as_str()) {
        assert!(seen.insert(id.to_owned()), "duplicate study item id {id}");
    }
    let names: HashSet<&str> = data.members.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names.len(), data.members.len(), "duplicate member names");
}

fn assert_status_by_date(data: &Dataset, today: Date) {
    for a in &data.activities {
        match a.status {
            ActivityStatus::Held => assert!(a.date < today, "held after today: {} {}", a.id, a.date),
            ActivityStatus::Planned => {
                assert!(a.date >= today, "planned before today: {} {}", a.id, a.date);
                assert!(a.attendance.is_empty(), "planned with a roll: {}", a.id);
            }
            ActivityStatus::Cancelled => {}
        }
    }
    let last = Date::ymd(today.year(), 12, 31);
    assert!(data.activities.iter().all(|a| a.date <= last));
}

/// Every held roll is exactly the default roll (same people, same order), statuses aside; heart talks
/// list only the people who talked.
fn assert_rolls_match_default(data: &Dataset) {
    for a in data.activities.iter().filter(|a| a.status == ActivityStatus::Held) {
        if a.kind == ActivityKind::HeartTalk {
            assert!(a.attendance.len() >= 2, "heart talk without partners: {}", a.id);
            continue;
        }
        let expected = default_roll(data, a.kind, a.date, a.group.as_ref());
        let want: Vec<&MemberId> = expected.iter().map(|e| &e.member).collect();
        let got: Vec<&MemberId> = a.attendance.iter().map(|e| &e.member).collect();
        assert_eq!(got, want, "roll of {} {} {}", a.id, a.date, a.kind.label());
        for (e, d) in a.attendance.iter().zip(&expected) {
            assert_eq!(
                e.status == AttendanceStatus::Observer,
                d.status == AttendanceStatus::Observer,
                "observer mismatch in {}",
                a.id
            );
            if let Some(mu) = &e.make_up {
                assert!(e.status.owes_make_up());
                assert!(mu.date > a.date);
            }
        }
        if let Some(v) = a.vote {
            let t = tally(a, data);
            assert_eq!(v.eligible, t.voting_expected, "vote eligible in {}", a.id);
            assert_eq!(v.present, t.voting_attended, "vote present in {}", a.id);
            assert!(t.quorum.is_some_and(|q| q.met), "vote without quorum in {}", a.id);
        }
    }
}

#[test]
fn same_seed_same_data_other_seed_other_data() {
    let a = generate(&DemoSize::DEMO, today(), 7);
    let b = generate(&DemoSize::DEMO, today(), 7);
    assert_eq!(a, b);
    let c = generate(&DemoSize::DEMO, today(), 8);
    assert_ne!(a, c);
    assert_ne!(
        a.members.iter().map(|m| &m.name).collect::<Vec<_>>(),
        c.members.iter().map(|m| &m.name).collect::<Vec<_>>()
    );
}

#[test]
fn demo_is_valid_and_has_every_kind_of_person() {
    let today = today();
    let data = generate(&DemoSize::DEMO, today, 1);
    assert_all_valid(&data);
    assert_ids_unique(&data);
    assert_status_by_date(&data, today);
    assert!(data.activities.iter().any(|a| a.status == ActivityStatus::Planned));
    assert_rolls_match_default(&data);

    assert_eq!(data.branch.name, "示范单位机关第一党支部");
    assert_eq!(data.branch.committee.len(), 5);
    assert!(
        (38..=42).contains(&data.members.len()),
        "members: {}",
        data.members.len()
    );
    assert_eq!(data.groups.len(), 3);
    assert!(data.groups.iter().all(|g| g.group_leader.is_some()));

    let m = &data.members;
    assert!(
        m.iter().any(|m| m.kind == MemberKind::Probationary),
        "no probationary member"
    );
    assert!(
        m.iter()
            .any(|m| m.kind == MemberKind::Full && m.full_since.is_some_and(|d| d.year() >= today.year() - 2)),
        "nobody became full during the period"
    );
    let activists = m.iter().filter(|m| m.kind == MemberKind::Activist).count();
    assert!((2..=3).contains(&activists), "activists: {activists}");
    assert_eq!(m.iter().filter(|m| m.mobile).count(), 1);
    assert!(
        m.iter().any(|m| m.left_branch.is_some_and(|d| d < today)),
        "nobody transferred out"
    );
    assert!(
        m.iter()
            .any(|m| m.joined_branch.is_some_and(|j| j.year() >= today.year() - 2) && m.note.contains("转入")),
        "nobody transferred in"
    );
    assert!(m.iter().any(|m| !m.excused.is_empty()), "nobody excused");

    // The member who left still appears in old records.
    let left = m.iter().find(|m| m.left_branch.is_some()).unwrap();
    assert!(data.activities.iter().any(|a| a.entry_for(&left.id).is_some()));

    // Roughly 90 activities a year, every required kind present every year.
    let n = data.activities.len();
    assert!((240..=300).contains(&n), "activities: {n}");
    for year in today.year() - 2..=today.year() {
        let of = |k: ActivityKind| {
            data.activities
                .iter()
                .filter(|a| a.kind == k && a.date.year() == year)
                .count()
        };
        assert_eq!(of(ActivityKind::GeneralMeeting), 4, "{year}");
        assert_eq!(of(ActivityKind::CommitteeMeeting), 12, "{year}");
        assert_eq!(of(ActivityKind::GroupMeeting), 36, "{year}");
        assert_eq!(of(ActivityKind::PartyLecture), 4, "{year}");
        assert_eq!(of(ActivityKind::ThemeDay), 12, "{year}");
        assert_eq!(of(ActivityKind::OrgLifeMeeting), 1, "{year}");
        assert_eq!(of(ActivityKind::MemberReview), 1, "{year}");
        assert!(of(ActivityKind::HeartTalk) >= 4, "{year}");
        assert!(of(ActivityKind::GroupStudy) >= 12, "{year}");
    }
    // Votes at 党员大会, leave with reasons, most make-ups recorded, some still owed, 异地参加 present.
    assert!(data.activities.iter().any(|a| a.vote.is_some()));
    let all: Vec<&AttendanceEntry> = data.activities.iter().flat_map(|a| &a.attendance).collect();
    let owing: Vec<&&AttendanceEntry> = all.iter().filter(|e| e.status.owes_make_up()).collect();
    assert!(!owing.is_empty());
    assert!(owing.iter().all(|e| !e.reason.is_empty()));
    let made_up = owing.iter().filter(|e| e.make_up.is_some()).count();
    assert!(made_up * 10 >= owing.len() * 7, "make-up {made_up}/{}", owing.len());
    assert!(made_up < owing.len(), "nobody still owes make-up");
    assert!(all.iter().any(|e| e.status == AttendanceStatus::Elsewhere));
    assert!(all.iter().any(|e| e.status == AttendanceStatus::Absent));
    assert!(all.iter().any(|e| e.status == AttendanceStatus::Observer));
    // Study items: about two a month, linked where studied, done in the past.
    let items = &data.study_items;
    assert!(items.len() >= 3 * 24, "study items: {}", items.len());
    assert!(items.iter().filter(|s| s.activity.is_some()).count() >= 3 * 20);
    assert!(items.iter().all(|s| s.done == (s.date < today)));
    // Planned entries have hosts and agendas for the rest of the year.
    assert!(data
        .activities
        .iter()
        .filter(|a| a.status == ActivityStatus::Planned)
        .all(|a| a.host.is_some() && !a.agenda.is_empty()));

    println!(
        "DEMO (today {today}): {} members, {} groups, {} activities ({} held), {} attendance entries, {} study items",
        data.members.len(),
        data.groups.len(),
        n,
        data.activities
            .iter()
            .filter(|a| a.status == ActivityStatus::Held)
            .count(),
        entries(&data),
        items.len()
    );
}

#[test]
fn large_has_about_a_thousand_activities_and_sixty_thousand_entries() {
    let today = today();
    let start = Instant::now();
    let data = generate(&DemoSize::LARGE, today, 42);
    let elapsed = start.elapsed();
    let n = data.activities.len();
    let e = entries(&data);
    println!(
        "LARGE (today {today}): {} members, {} groups, {} activities ({} held), {} attendance entries, {} study items; generated in {:.1} ms",
        data.members.len(),
        data.groups.len(),
        n,
        data.activities.iter().filter(|a| a.status == ActivityStatus::Held).count(),
        e,
        data.study_items.len(),
        elapsed.as_secs_f64() * 1000.0
    );
    for kind in ActivityKind::ALL {
        println!("  {}: {}", kind.label(), count(&data, kind));
    }
    assert!((850..=1150).contains(&n), "activities: {n}");
    assert!((51_000..=69_000).contains(&e), "entries: {e}");
    assert_eq!(data.members.len(), 80);
    assert_eq!(data.groups.len(), 4);
    assert_all_valid(&data);
    assert_ids_unique(&data);
    assert_status_by_date(&data, today);
    assert_rolls_match_default(&data);
}

#[test]
fn other_todays_and_sizes_stay_valid() {
    for (size, today) in [
        (DemoSize::DEMO, Date::ymd(2026, 1, 2)),
        (DemoSize::DEMO, Date::ymd(2025, 12, 31)),
        (DemoSize::LARGE, Date::ymd(2026, 1, 5)),
        (DemoSize::LARGE, Date::ymd(2025, 12, 20)),
        (DemoSize::LARGE, Date::ymd(2026, 11, 21)),
        (
            DemoSize {
                members: 10,
                years: 1,
                groups: 5,
            },
            Date::ymd(2026, 2, 1),
        ),
        (
            DemoSize {
                members: 200,
                years: 2,
                groups: 8,
            },
            Date::ymd(2024, 2, 29),
        ),
    ] {
        let data = generate(&size, today, 3);
        assert_all_valid(&data);
        assert_ids_unique(&data);
        assert_status_by_date(&data, today);
        assert_rolls_match_default(&data);
        println!(
            "{:?} today {today}: {} members, {} activities, {} entries",
            size,
            data.members.len(),
            data.activities.len(),
            entries(&data)
        );
    }
}
