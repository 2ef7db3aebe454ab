//! What the 概览 page reads, so that it can be drawn from a slice of the records (the staged start).
//!
//! The page shows: the branch, its groups and members (all of them); the current year's compliance grid
//! (held activities of that year); the current year's alerts, which also look back over **all** earlier
//! years (the six-month absence run, 党章第九条, can go back any number of years, and owed make-ups are
//! counted in any year); the next planned activities (dated today or later) and the latest held ones (any
//! date); the backup reminder (whether anything is stored).
//!
//! So no date range alone is enough. The slice is: every record except the activities (and the study items,
//! of which the page only asks whether there are any) dated before [`overview_from`] (January 1 of the
//! current year, or earlier so that the latest [`RECENT_SHOWN`] held activities are in it), plus a small
//! [`History`] summarising those older records: per member the run of absent months at their end and the
//! make-ups owed in them, how many there are, and the oldest year. [`History::before`]
//! computes it from the full data; [`alerts_on_slice`] gives, from the slice and the history, exactly the
//! alerts [`alerts`](super::compliance::alerts) gives on the full data (tests/domain_overview.rs checks
//! this, and the grid, the lists and the counters, on the demo and LARGE branches).

use super::activity::AttendanceStatus;
use super::activity::{chronological, newest_first, Activity, ActivityStatus};
use super::compliance::{alerts_cutoff, alerts_with, Alert, Grid};
use super::dataset::Dataset;
use super::date::Date;
use super::id::{ActivityId, MemberId};
use super::member_stats::{streaks_owed_attended, AbsenceStreak};
use super::org_life::{open_items, OpenItem};
use super::rules::Rule;
use super::sort::sort_by;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};

/// How many latest held activities 概览 lists (最近记录).
pub const RECENT_SHOWN: usize = 5;
/// How many next planned activities 概览 lists (近期计划).
pub const UPCOMING_SHOWN: usize = 5;

/// The first day of the slice 概览 is drawn from on `today`: January 1 of today's year, or the date of the
/// [`RECENT_SHOWN`]-th latest held activity if that is earlier.
pub fn overview_from(data: &Dataset, today: Date) -> Date {
    let jan1 = Date::ymd(today.year(), 1, 1);
    let mut held: Vec<Date> = data
        .activities
        .iter()
        .filter(|a| a.status == ActivityStatus::Held)
        .map(|a| a.date)
        .collect();
    sort_by(&mut held, |a, b| b.cmp(a));
    match held.get(RECENT_SHOWN - 1) {
        Some(&d) if d < jan1 => d,
        _ => jan1,
    }
}

/// The data without the activities and study items dated before `from` (everything else is kept whole).
pub fn slice(data: &Dataset, from: Date) -> Dataset {
    Dataset {
        branch: data.branch.clone(),
        groups: data.groups.clone(),
        members: data.members.clone(),
        activities: data.activities.iter().filter(|a| a.date >= from).cloned().collect(),
        study_items: data.study_items.iter().filter(|s| s.date >= from).cloned().collect(),
        rules: data.rules.clone(),
    }
}

/// A run of absent months (see [`AbsenceStreak`]), in a form that can be stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Run {
    pub months: u32,
    pub first: (i32, u8),
    pub last: (i32, u8),
    pub expected: u32,
    pub leave: u32,
}

impl From<&AbsenceStreak> for Run {
    fn from(s: &AbsenceStreak) -> Run {
        Run {
            months: s.months,
            first: s.first,
            last: s.last,
            expected: s.expected,
            leave: s.leave,
        }
    }
}

/// What 概览 needs of the activities and study items dated before `from`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct History {
    pub from: Date,
    /// How many activities (any status) are dated before `from`.
    pub activities_before: u32,
    /// How many study items are dated before `from` (概览 only asks whether there are any). Absent in
    /// summaries of versions whose slice held every study item: the store then finds it disagrees with the
    /// stores, and reads everything.
    #[serde(default)]
    pub study_items_before: u32,
    /// The year of the oldest of those activities and study items (the year picker offers it).
    #[serde(default)]
    pub first_year: Option<i32>,
    /// Per member: the run of absent months at the end of those activities (only members who have one).
    pub runs: BTreeMap<MemberId, Run>,
    /// Per member: 请假/缺席 without a make-up in those held activities (only members who owe any).
    pub owed: BTreeMap<MemberId, u32>,
    /// Per member: the oldest of those held activities at which they owe a make-up ([`first_owed`]).
    #[serde(default)]
    pub first_owed: BTreeMap<MemberId, ActivityId>,
    /// The 整改 items of those held activities that are still open ([`org_life::open_items`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub open_items: Vec<OpenItem>,
}

impl History {
    /// The summary of `data`'s activities dated before `from`.
    pub fn before(data: &Dataset, from: Date) -> History {
        let older = Dataset {
            members: data.members.clone(),
            activities: data.activities.iter().filter(|a| a.date < from).cloned().collect(),
            ..Dataset::default()
        };
        let older_study: Vec<Date> = data.study_items.iter().map(|s| s.date).filter(|&d| d < from).collect();
        let last = from.add_days(-1).unwrap_or(from);
        let (runs, owed, _) = streaks_owed_attended(&older, last);
        History {
            from,
            activities_before: older.activities.len() as u32,
            study_items_before: older_study.len() as u32,
            first_year: older
                .activities
                .iter()
                .map(|a| a.date)
                .chain(older_study.iter().copied())
                .min()
                .map(Date::year),
            runs: btree(runs.iter().map(|(id, s)| (id.clone(), Run::from(s)))),
            owed: btree(owed),
            first_owed: first_owed_all(&older, last),
            open_items: open_items(&older.activities),
        }
    }
}

/// Whether `member` owes a make-up for `activity` (marked 请假/缺席 there without one), counting every entry of
/// theirs on the roll.
fn owes_at(activity: &Activity, member: &MemberId) -> bool {
    activity.attendance.iter().any(|e| {
        &e.member == member
            && matches!(e.status, AttendanceStatus::Leave | AttendanceStatus::Absent)
            && e.make_up.is_none()
    })
}

/// The oldest held activity up to `cutoff` at which `member` was marked 请假/缺席 without a make-up (where
/// the 补学 alert leads).
pub fn first_owed<'a>(data: &'a Dataset, member: &MemberId, cutoff: Date) -> Option<&'a Activity> {
    data.activities
        .iter()
        .filter(|a| a.status == ActivityStatus::Held && a.date <= cutoff)
        .filter(|a| owes_at(a, member))
        .min_by(|a, b| (a.date, a.start, &a.id).cmp(&(b.date, b.start, &b.id)))
}

/// [`first_owed`] for every member id on any roll who owes a make-up.
fn first_owed_all(data: &Dataset, cutoff: Date) -> BTreeMap<MemberId, ActivityId> {
    let mut best: BTreeMap<MemberId, &Activity> = BTreeMap::new();
    for a in data
        .activities
        .iter()
        .filter(|a| a.status == ActivityStatus::Held && a.date <= cutoff)
    {
        for e in &a.attendance {
            if !owes_at(a, &e.member) {
                continue;
            }
            let earlier = best
                .get(&e.member)
                .is_none_or(|b| (a.date, a.start, &a.id) < (b.date, b.start, &b.id));
            if earlier {
                best.insert(e.member.clone(), a);
            }
        }
    }
    btree(best.into_iter().map(|(m, a)| (m, a.id.clone())))
}

/// The map of `items`, built by inserting: `collect()` into a `BTreeMap` sorts its input first, with its own
/// instance of std's sort for every key and value type (this runs on 概览, in the main wasm module).
fn btree<K: Ord, V>(items: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut map = BTreeMap::new();
    map.extend(items);
    map
}

/// [`first_owed`] (its id) over the slice and the history together: the same as on the full data.
pub fn first_owed_on_slice(slice: &Dataset, history: &History, member: &MemberId, cutoff: Date) -> Option<ActivityId> {
    if history.from <= cutoff {
        if let Some(id) = history.first_owed.get(member) {
            return Some(id.clone());
        }
    }
    first_owed(slice, member, cutoff).map(|a| a.id.clone())
}

/// Whether the slice (with its history) holds nothing at all: the first-run welcome.
pub fn nothing_stored(slice: &Dataset, history: Option<&History>) -> bool {
    let d = slice;
    d.branch.name.is_empty()
        && d.branch.parent_org.is_empty()
        && d.groups.is_empty()
        && d.members.is_empty()
        && d.activities.is_empty()
        && d.study_items.is_empty()
        && history.is_none_or(|h| h.activities_before == 0 && h.study_items_before == 0)
}

/// The years the year picker offers ([`Dataset::year_range`]) over the slice and its history together: the
/// same as on the full data.
pub fn year_range_on_slice(slice: &Dataset, history: Option<&History>, this_year: i32) -> (i32, i32) {
    let (first, last) = slice.year_range(this_year);
    match history.and_then(|h| h.first_year) {
        Some(older) => (first.min(older), last),
        None => (first, last),
    }
}

/// Whether anything is stored that a backup would save (the backup reminder).
pub fn has_data(slice: &Dataset, history: Option<&History>) -> bool {
    *slice != Dataset::default() || history.is_some_and(|h| h.activities_before > 0 || h.study_items_before > 0)
}

/// The absence runs and owed make-ups as of `cutoff` over the slice and the history together: the same as
/// [`member_stats::absence_streaks`](super::member_stats::absence_streaks) and
/// [`member_stats::make_up_owed_counts`](super::member_stats::make_up_owed_counts) on the full data, provided
/// `history.from <= cutoff` (every older activity is before the cut-off).
pub fn streaks_and_owed(
    slice: &Dataset,
    history: &History,
    cutoff: Date,
) -> (HashMap<MemberId, AbsenceStreak>, HashMap<MemberId, u32>) {
    // Members who attended something in the slice: their run is decided there.
    let (mut streaks, mut owed, attended) = streaks_owed_attended(slice, cutoff);
    let attended: HashSet<&MemberId> = attended.into_iter().collect();
    for (id, older) in &history.runs {
        if attended.contains(id) {
            continue;
        }
        let combined = match streaks.get(id) {
            Some(recent) => AbsenceStreak {
                months: recent.months + older.months,
                first: older.first,
                last: recent.last,
                expected: recent.expected + older.expected,
                leave: recent.leave + older.leave,
            },
            None => AbsenceStreak {
                months: older.months,
                first: older.first,
                last: older.last,
                expected: older.expected,
                leave: older.leave,
            },
        };
        streaks.insert(id.clone(), combined);
    }
    for (id, n) in &history.owed {
        *owed.entry(id.clone()).or_default() += n;
    }
    (streaks, owed)
}

/// The alerts of `grid` (the slice's `year_grid` as of `today`, equal to the full data's) from the slice and
/// its history: equal to [`alerts`](super::compliance::alerts) on the full data. `None` when the slice cannot
/// answer (the grid's year is not today's year, or the slice starts after January 1 of it).
pub fn alerts_on_slice(
    slice: &Dataset,
    history: &History,
    rules: &[Rule],
    grid: &Grid,
    today: Date,
) -> Option<Vec<Alert>> {
    let year = grid.year;
    if year != today.year() || history.from > Date::ymd(year, 1, 1) {
        return None;
    }
    let cutoff = alerts_cutoff(year, today)?;
    let (streaks, owed) = streaks_and_owed(slice, history, cutoff);
    Some(alerts_with(
        slice,
        rules,
        grid,
        today,
        &streaks,
        &owed,
        &history.open_items,
    ))
}

/// 近期计划: the next planned activities, dated `today` or later, soonest first.
pub fn upcoming(data: &Dataset, today: Date) -> Vec<&Activity> {
    let mut planned: Vec<&Activity> = data
        .activities
        .iter()
        .filter(|a| a.status == ActivityStatus::Planned && a.date >= today)
        .collect();
    sort_by(&mut planned, chronological);
    planned.truncate(UPCOMING_SHOWN);
    planned
}

/// 最近记录: the latest held activities, newest first.
pub fn recent(data: &Dataset) -> Vec<&Activity> {
    let mut held: Vec<&Activity> = data
        .activities
        .iter()
        .filter(|a| a.status == ActivityStatus::Held)
        .collect();
    sort_by(&mut held, newest_first);
    held.truncate(RECENT_SHOWN);
    held
}
