#![cfg(not(target_arch = "wasm32"))]
//! The staged start of 概览 (domain::overview): drawn from the slice (activities from `overview_from` on,
//! everything else whole) plus the `History` of the older activities, every figure on the page equals the
//! one computed from the full data — on the demo and LARGE branches, on several days, and with a history
//! written on an earlier day (a cache kept across a year's end).

use zhibu::domain::compliance::{alerts, year_grid, AlertTarget};
use zhibu::domain::demo::{generate, DemoSize};
use zhibu::domain::overview::{
    alerts_on_slice, has_data, nothing_stored, overview_from, recent, slice, upcoming, year_range_on_slice, History,
};
use zhibu::domain::*;

const SEED: u64 = 20_260_101;

fn ids(list: Vec<&Activity>) -> Vec<String> {
    list.into_iter().map(|a| a.id.0.clone()).collect()
}

/// Every 概览 figure for `today`, from the slice starting at `overview_from(full, written)` (the day the
/// history was computed), equals the figure from the full data.
fn assert_same(full: &Dataset, written: Date, today: Date) {
    let from = overview_from(full, written);
    let history = History::before(full, from);
    let part = slice(full, from);
    let ctx = format!("history written {written}, from {from}, today {today}");
    assert!(part.activities.len() <= full.activities.len());
    assert_eq!(
        history.activities_before as usize + part.activities.len(),
        full.activities.len(),
        "{ctx}"
    );
    assert_eq!(
        history.study_items_before as usize + part.study_items.len(),
        full.study_items.len(),
        "{ctx}"
    );
    let year = today.year();
    let rules = full.effective_rules();
    assert_eq!(part.effective_rules(), rules, "{ctx}");
    let grid = year_grid(&part, &rules, year, today);
    assert_eq!(grid, year_grid(full, &rules, year, today), "grid, {ctx}");
    let expected = alerts(full, &rules, year, today);
    let got = alerts_on_slice(&part, &history, &rules, &grid, today).expect("the slice answers for this year");
    assert_eq!(got, expected, "alerts, {ctx}");
    assert_eq!(
        ids(upcoming(&part, today)),
        ids(upcoming(full, today)),
        "upcoming, {ctx}"
    );
    assert_eq!(ids(recent(&part)), ids(recent(full)), "recent, {ctx}");
    assert_eq!(
        nothing_stored(&part, Some(&history)),
        nothing_stored(full, None),
        "nothing stored, {ctx}"
    );
    assert_eq!(has_data(&part, Some(&history)), has_data(full, None), "has data, {ctx}");
    assert_eq!(
        year_range_on_slice(&part, Some(&history), year),
        full.year_range(year),
        "years offered, {ctx}"
    );
    assert_eq!(part.members, full.members);
    assert_eq!(part.groups, full.groups);
    assert_eq!(part.branch, full.branch);
}

fn days() -> Vec<(Date, Date)> {
    let d = Date::ymd;
    vec![
        // (history written, today)
        (d(2026, 1, 1), d(2026, 1, 1)),
        (d(2026, 1, 2), d(2026, 1, 2)),
        (d(2026, 6, 15), d(2026, 6, 15)),
        (d(2026, 11, 21), d(2026, 11, 21)),
        (d(2026, 12, 31), d(2026, 12, 31)),
        (d(2025, 3, 31), d(2025, 3, 31)),
        (d(2024, 12, 31), d(2024, 12, 31)),
        (d(2019, 7, 1), d(2019, 7, 1)),
        // a year with no data at all, after the records end
        (d(2031, 5, 5), d(2031, 5, 5)),
        // the history kept from an earlier day, used later (e.g. last year's, after New Year)
        (d(2025, 12, 30), d(2026, 1, 3)),
        (d(2025, 6, 1), d(2026, 11, 21)),
        (d(2026, 1, 1), d(2031, 5, 5)),
    ]
}

#[test]
fn demo_branch_overview_from_the_slice_equals_the_full_data() {
    let full = generate(&DemoSize::DEMO, Date::ymd(2026, 11, 21), SEED);
    for (written, today) in days() {
        assert_same(&full, written, today);
    }
}

#[test]
fn large_branch_overview_from_the_slice_equals_the_full_data() {
    let full = generate(&DemoSize::LARGE, Date::ymd(2026, 11, 21), SEED);
    for (written, today) in days() {
        assert_same(&full, written, today);
    }
}

#[test]
fn older_records_matter_and_the_history_carries_them() {
    // Without the history the slice would miss owed make-ups and long absences of earlier years: check that
    // the data exercises that, so the equality above is not trivially true.
    let full = generate(&DemoSize::LARGE, Date::ymd(2026, 11, 21), SEED);
    let today = Date::ymd(2026, 11, 21);
    let from = overview_from(&full, today);
    let history = History::before(&full, from);
    assert!(history.activities_before > 900, "{}", history.activities_before);
    assert!(!history.owed.is_empty(), "LARGE has make-ups owed before {from}");
    let part = slice(&full, from);
    let rules = full.effective_rules();
    let naive = alerts(&part, &rules, today.year(), today);
    assert_ne!(naive, alerts(&full, &rules, today.year(), today));
}

#[test]
fn an_absence_run_across_the_slice_start_is_joined() {
    // One member, absent at every meeting from 2024-09 to 2026-03, attended in 2024-08.
    let full = generate(&DemoSize::DEMO, Date::ymd(2026, 3, 31), SEED);
    let mut full = full;
    let who = full
        .members
        .iter()
        .find(|m| {
            m.kind == MemberKind::Full
                && m.left_branch.is_none()
                && m.excused.is_empty()
                && !m.mobile
                && m.joined_branch.is_some_and(|j| j < Date::ymd(2024, 1, 1))
        })
        .map(|m| m.id.clone())
        .expect("a full member");
    for a in full.activities.iter_mut().filter(|a| a.status == ActivityStatus::Held) {
        for e in a.attendance.iter_mut().filter(|e| e.member == who) {
            if a.date >= Date::ymd(2024, 9, 1) {
                e.status = AttendanceStatus::Absent;
                e.make_up = None;
            } else if a.date >= Date::ymd(2024, 8, 1) {
                e.status = AttendanceStatus::Present;
            }
        }
    }
    let today = Date::ymd(2026, 3, 31);
    let rules = full.effective_rules();
    let expected = alerts(&full, &rules, 2026, today);
    assert!(
        expected
            .iter()
            .any(|a| a.target == AlertTarget::Member(who.clone()) && a.message.contains("个月未参加组织生活")),
        "the run is reported: {expected:?}"
    );
    assert_same(&full, today, today);
}

#[test]
fn the_oldest_owed_make_up_is_found_from_the_slice() {
    use zhibu::domain::overview::{first_owed, first_owed_on_slice};
    for size in [DemoSize::DEMO, DemoSize::LARGE] {
        let full = generate(&size, Date::ymd(2026, 11, 21), SEED);
        for (written, today) in days() {
            let from = overview_from(&full, written);
            let history = History::before(&full, from);
            let part = slice(&full, from);
            for m in &full.members {
                assert_eq!(
                    first_owed_on_slice(&part, &history, &m.id, today),
                    first_owed(&full, &m.id, today).map(|a| a.id.clone()),
                    "{} written {written} today {today}",
                    m.id
                );
            }
        }
    }
}

/// The one pass over the roll gives what the separate counts give: the absence runs, the owed make-ups (also
/// counted here entry by entry), and everyone who attended something they were expected at.
#[test]
fn one_pass_over_the_roll_equals_the_separate_ones() {
    use zhibu::domain::member_stats::{
        absence_streaks, expected_entries_in, make_up_owed_counts, streaks_owed_attended, MemberIndex,
    };
    let today = Date::ymd(2026, 11, 21);
    for (size, seed) in [(DemoSize::DEMO, 3), (DemoSize::LARGE, 7)] {
        let data = generate(&size, today, seed);
        for cutoff in [Date::ymd(2024, 3, 31), Date::ymd(2026, 6, 30), today] {
            let (streaks, owed, attended) = streaks_owed_attended(&data, cutoff);
            assert_eq!(streaks, absence_streaks(&data, cutoff));
            assert_eq!(owed, make_up_owed_counts(&data, cutoff));
            // Counted here entry by entry, independently of the pass.
            let index = MemberIndex::new(&data);
            let mut expected: Vec<&MemberId> = Vec::new();
            let mut owed_here: std::collections::HashMap<MemberId, u32> = Default::default();
            for a in data
                .activities
                .iter()
                .filter(|a| a.status == ActivityStatus::Held && a.date <= cutoff)
            {
                for (m, e) in expected_entries_in(a, &index) {
                    if e.status.attended() && !expected.contains(&&m.id) {
                        expected.push(&m.id);
                    }
                    if matches!(e.status, AttendanceStatus::Leave | AttendanceStatus::Absent) && e.make_up.is_none() {
                        *owed_here.entry(m.id.clone()).or_default() += 1;
                    }
                }
            }
            assert_eq!(owed, owed_here, "cutoff {cutoff}");
            assert!(!owed.is_empty());
            let mut attended = attended;
            zhibu::domain::sort::sort(&mut attended);
            zhibu::domain::sort::sort(&mut expected);
            assert_eq!(attended, expected, "cutoff {cutoff}");
            assert!(!attended.is_empty());
        }
    }
}

#[test]
fn study_items_before_the_slice_count_as_something_stored() {
    // The slice leaves out study items dated before its start; the history counts them, so that a branch
    // holding only last year's study plan is not shown the first-run welcome.
    let mut full = generate(&DemoSize::DEMO, Date::ymd(2026, 11, 21), SEED);
    full.study_items.retain(|s| s.date.year() == 2025);
    assert!(!full.study_items.is_empty());
    let only_study = Dataset {
        study_items: full.study_items.clone(),
        ..Dataset::default()
    };
    let today = Date::ymd(2026, 11, 21);
    let from = overview_from(&only_study, today);
    let history = History::before(&only_study, from);
    let part = slice(&only_study, from);
    assert!(part.study_items.is_empty());
    assert_eq!(history.study_items_before as usize, only_study.study_items.len());
    assert!(!nothing_stored(&part, Some(&history)));
    assert!(has_data(&part, Some(&history)));
    assert!(nothing_stored(&part, None), "without the history the slice looks empty");
}
