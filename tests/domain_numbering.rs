#![cfg(not(target_arch = "wasm32"))]
//! 本年第N次 (`number_in_year`) and the record templates.

mod domain_support;

use domain_support::*;
use zhibu::domain::*;

fn held(id: &str, kind: ActivityKind, date: Date) -> Activity {
    activity(id, kind, date)
}

fn with_status(mut a: Activity, status: ActivityStatus) -> Activity {
    a.status = status;
    a
}

fn with_group(mut a: Activity, g: &str) -> Activity {
    a.group = Some(gid(g));
    a
}

#[test]
fn numbers_restart_each_calendar_year() {
    let k = ActivityKind::CommitteeMeeting;
    let list = vec![
        held("a-1", k, d(2025, 11, 10)),
        held("a-2", k, d(2025, 12, 31)),
        held("a-3", k, d(2026, 1, 1)),
        held("a-4", k, d(2026, 2, 3)),
    ];
    let numbers: Vec<usize> = list.iter().map(|a| number_in_year(&list, a)).collect();
    assert_eq!(numbers, vec![1, 2, 1, 2]);
}

#[test]
fn planned_and_cancelled_are_not_numbered_and_kinds_are_separate() {
    let k = ActivityKind::ThemeDay;
    let list = vec![
        held("a-1", k, d(2026, 1, 20)),
        with_status(held("a-2", k, d(2026, 2, 20)), ActivityStatus::Cancelled),
        with_status(held("a-3", k, d(2026, 3, 1)), ActivityStatus::Planned),
        held("a-4", ActivityKind::PartyLecture, d(2026, 3, 10)),
        held("a-5", k, d(2026, 3, 20)),
    ];
    assert_eq!(number_in_year(&list, &list[0]), 1);
    assert_eq!(number_in_year(&list, &list[4]), 2);
    assert_eq!(number_in_year(&list, &list[3]), 1);
    // A planned activity gets the number it would have if held now: after the one held before it.
    assert_eq!(number_in_year(&list, &list[2]), 2);
    assert_eq!(number_in_year(&list, &list[1]), 2);
}

#[test]
fn group_meetings_are_numbered_per_group() {
    let k = ActivityKind::GroupMeeting;
    let list = vec![
        with_group(held("a-1", k, d(2026, 1, 5)), "g-1"),
        with_group(held("a-2", k, d(2026, 1, 6)), "g-2"),
        with_group(held("a-3", k, d(2026, 2, 5)), "g-1"),
        with_group(held("a-4", k, d(2026, 2, 6)), "g-2"),
        with_group(held("a-5", k, d(2026, 3, 5)), "g-1"),
    ];
    let numbers: Vec<usize> = list.iter().map(|a| number_in_year(&list, a)).collect();
    assert_eq!(numbers, vec![1, 1, 2, 2, 3]);
}

#[test]
fn same_day_is_ordered_by_start_then_id() {
    let k = ActivityKind::GroupStudy;
    let mut morning = held("a-z", k, d(2026, 4, 1));
    morning.start = Some(Time::hm(9, 0));
    let mut afternoon = held("a-a", k, d(2026, 4, 1));
    afternoon.start = Some(Time::hm(14, 30));
    let no_time_b = held("a-b", k, d(2026, 4, 1));
    let no_time_c = held("a-c", k, d(2026, 4, 1));
    let list = vec![afternoon, morning, no_time_c, no_time_b];
    let numbers: Vec<(String, usize)> = list
        .iter()
        .map(|a| (a.id.0.clone(), number_in_year(&list, a)))
        .collect();
    assert_eq!(
        numbers,
        vec![
            ("a-a".to_owned(), 4),
            ("a-z".to_owned(), 3),
            ("a-c".to_owned(), 2),
            ("a-b".to_owned(), 1)
        ]
    );
}

#[test]
fn a_new_activity_not_yet_in_the_list_gets_its_would_be_number() {
    let k = ActivityKind::GeneralMeeting;
    let list = vec![held("a-1", k, d(2026, 1, 10)), held("a-2", k, d(2026, 4, 10))];
    assert_eq!(number_in_year(&list, &held("a-new", k, d(2026, 3, 1))), 2);
    assert_eq!(number_in_year(&list, &held("a-new", k, d(2026, 12, 1))), 3);
    assert_eq!(number_in_year(&[], &held("a-new", k, d(2026, 12, 1))), 1);
    // An edited copy (date moved) is numbered by its new date, not the stored one.
    let moved = held("a-1", k, d(2026, 5, 1));
    assert_eq!(number_in_year(&list, &moved), 2);
}

#[test]
fn every_kind_has_an_agenda_and_sensible_hours() {
    for kind in ActivityKind::ALL {
        let agenda = default_agenda(kind);
        assert!(!agenda.is_empty(), "{kind:?}");
        assert!(agenda
            .iter()
            .all(|item| !item.trim().is_empty() && item.chars().count() <= 40));
        let hours = default_study_hours(kind);
        assert!((0.0..=4.0).contains(&hours), "{kind:?}");
    }
    assert_eq!(
        default_agenda(ActivityKind::OrgLifeMeeting),
        vec!["通报支部工作情况", "党员对照检查", "开展批评与自我批评", "民主评议党员"]
    );
    assert!(default_agenda(ActivityKind::CommitteeMeeting).contains(&"研究本月支部工作".to_owned()));
    assert!(default_agenda(ActivityKind::GeneralMeeting)[0].starts_with("学习传达"));
    assert_eq!(default_study_hours(ActivityKind::PartyLecture), 2.0);
    assert_eq!(default_study_hours(ActivityKind::GroupStudy), 2.0);
    assert_eq!(default_study_hours(ActivityKind::CommitteeMeeting), 0.0);
}
