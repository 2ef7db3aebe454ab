//! The year plan (年度计划): a skeleton of the year's organisational life, how much of it has been done,
//! and the two moves a plan entry makes (it is held, or it is moved to another day).
//!
//! ## Where the skeleton puts things
//! Per 《中国共产党支部工作条例（试行）》 (see `docs/domain.md`), one [`generate_skeleton`] call yields,
//! for one calendar year, entries with status [`ActivityStatus::Planned`]:
//!
//! | kind | how many | when |
//! |---|---|---|
//! | 主题党日 | 12 | every month on [`SkeletonOptions::theme_day`] ("每月相对固定1天") |
//! | 支委会 | 12 | every month on [`SkeletonOptions::committee_day`] (default the 5th: before the theme day, to prepare it) |
//! | 党小组会 | 12 per group | every month on [`SkeletonOptions::group_day`], one entry per group in `data.groups` |
//! | 党员大会 | 4 | first month of each quarter (Jan, Apr, Jul, Oct) on the theme day: the common "党员大会+主题党日"; January's meeting adopts the year's plan |
//! | 党课 | 4 | middle month of each quarter (Feb, May, Aug, Nov) on the theme day (a lecture is a usual part of a theme day) |
//! | 组织生活会 | 1 | December, on the theme day ("一般安排在第四季度") |
//! | 民主评议党员 | 1 | December, on the theme day, together with the 组织生活会 (条例 art. 18 allows combining them) |
//!
//! With [`SkeletonOptions::avoid_weekends`], a day falling on a Saturday or Sunday moves to the **next
//! Monday**; if that Monday is in the next month, it moves back to the **Friday before** instead, so an
//! entry always stays in its month. (Public holidays are not known to the app: the secretary moves those.)
//!
//! Entries are left for the secretary to fill in: the theme is **empty** (the UI shows a hint such as
//! "（待定主题）"; a placeholder text would end up printed in the record book if forgotten), the agenda is
//! empty (filled from [`default_agenda`] when the entry is held, see [`to_held`]), start and end times and
//! location come from the options, the host is the secretary (group meetings: the group leader), and the
//! study hours are the kind's default ([`default_study_hours`]).
//!
//! ## Completion
//! See [`completion`] and [`study_completion`] for the exact definitions ("主题党日 8/12", "学习计划完成 9/12").

use super::activity::chronological;
use super::activity::{Activity, ActivityKind, ActivityStatus};
use super::branch::CommitteeRole;
use super::dataset::Dataset;
use super::date::{Date, Time, Weekday, MAX_YEAR, MIN_YEAR};
use super::id::{ActivityId, GroupId};
use super::roll::default_roll;
use super::sort::{sort_by, sort_by_key};
use super::templates::{default_agenda, default_study_hours};
use thiserror::Error;

/// The kinds a skeleton can contain, in the order they are generated.
pub const SKELETON_KINDS: [ActivityKind; 7] = [
    ActivityKind::ThemeDay,
    ActivityKind::CommitteeMeeting,
    ActivityKind::GroupMeeting,
    ActivityKind::GeneralMeeting,
    ActivityKind::PartyLecture,
    ActivityKind::OrgLifeMeeting,
    ActivityKind::MemberReview,
];

/// What the secretary chooses before generating the year's skeleton.
#[derive(Debug, Clone, PartialEq)]
pub struct SkeletonOptions {
    pub year: i32,
    /// Day of the month of 主题党日 (and of the 党员大会, 党课, 组织生活会 and 民主评议 placed on it), 1..=28.
    pub theme_day: u8,
    /// Day of the month of 支委会, 1..=28.
    pub committee_day: u8,
    /// Day of the month of 党小组会, 1..=28.
    pub group_day: u8,
    /// Move a day falling on a weekend (see the module comment for the rule).
    pub avoid_weekends: bool,
    /// Which kinds to generate; kinds outside [`SKELETON_KINDS`] are ignored.
    pub include: Vec<ActivityKind>,
    /// Start and end times given to every entry; `None` leaves the entry without a time (an all-day entry).
    pub start: Option<Time>,
    pub end: Option<Time>,
    /// The usual meeting place, given to every entry (may be empty).
    pub location: String,
}

impl SkeletonOptions {
    /// Theme day on the 10th, committee on the 5th, groups on the 20th, weekends avoided, all kinds, no
    /// times, no location.
    pub fn new(year: i32) -> SkeletonOptions {
        SkeletonOptions {
            year,
            theme_day: 10,
            committee_day: 5,
            group_day: 20,
            avoid_weekends: true,
            include: SKELETON_KINDS.to_vec(),
            start: None,
            end: None,
            location: String::new(),
        }
    }

    /// Problems with the options, in Chinese, empty when they are usable.
    pub fn problems(&self) -> Vec<PlanError> {
        let mut out = Vec::new();
        if !(MIN_YEAR..=MAX_YEAR).contains(&self.year) {
            out.push(PlanError::YearRange);
        }
        for (label, day) in [
            ("主题党日", self.theme_day),
            ("支委会", self.committee_day),
            ("党小组会", self.group_day),
        ] {
            if !(1..=28).contains(&day) {
                out.push(PlanError::DayOfMonth(label));
            }
        }
        if let (Some(s), Some(e)) = (self.start, self.end) {
            if e <= s {
                out.push(PlanError::EndBeforeStart);
            }
        }
        out
    }
}

/// Why a plan operation cannot be done.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PlanError {
    #[error("年份应在 1900 到 2200 之间")]
    YearRange,
    #[error("{0}的日期应在每月 1 日到 28 日之间（每个月都有这一天）")]
    DayOfMonth(&'static str),
    #[error("结束时间应晚于开始时间")]
    EndBeforeStart,
    #[error("只有计划中的活动可以这样操作；已开展或已取消的活动请在记录中修改")]
    NotPlanned,
}

/// The date for `day` of `month`, moved off a weekend when asked (next Monday, or the Friday before if
/// the Monday is in the next month). `None` if the day does not exist.
pub fn placed_day(year: i32, month: u8, day: u8, avoid_weekends: bool) -> Option<Date> {
    let date = Date::new(year, month, day)?;
    if !avoid_weekends || !date.weekday().is_weekend() {
        return Some(date);
    }
    let forward = if date.weekday() == Weekday::Sat { 2 } else { 1 };
    let monday = date.add_days(forward)?;
    if monday.month() == month {
        return Some(monday);
    }
    let back = if date.weekday() == Weekday::Sat { 1 } else { 2 };
    date.add_days(-back)
}

/// The period an entry of `kind` fills: a month for monthly kinds, a quarter for 党员大会 and 党课, the year
/// for 组织生活会 and 民主评议. Two entries in the same period (and group) are the same plan slot.
fn period(kind: ActivityKind, date: Date) -> u8 {
    match kind {
        ActivityKind::GeneralMeeting | ActivityKind::PartyLecture => 100 + date.quarter(),
        ActivityKind::OrgLifeMeeting | ActivityKind::MemberReview => 0,
        _ => date.month(),
    }
}

/// The entries of `opts.year`'s skeleton that are **missing** from `data`: a slot (same kind, same period,
/// same group) already filled by an entry that is Planned or Held is skipped, so running this twice adds
/// nothing the second time. The period is the month for 主题党日, 支委会 and 党小组会 (per group), the
/// quarter for 党员大会 and 党课 (a meeting already held in February fills the first quarter), and the year
/// for 组织生活会 and 民主评议党员. Cancelled entries fill nothing: a cancelled slot is offered again.
///
/// Each new entry gets an id from `make_id`. The result is sorted by date, then kind (in
/// [`SKELETON_KINDS`] order), then group (in `data.groups` order). Returns nothing when the options have
/// [`SkeletonOptions::problems`].
pub fn generate_skeleton(
    data: &Dataset,
    opts: &SkeletonOptions,
    make_id: &mut dyn FnMut() -> ActivityId,
) -> Vec<Activity> {
    if !opts.problems().is_empty() {
        return Vec::new();
    }
    let year = opts.year;
    let filled: std::collections::HashSet<(ActivityKind, u8, Option<&GroupId>)> = data
        .activities
        .iter()
        .filter(|a| a.date.year() == year && a.status != ActivityStatus::Cancelled)
        .map(|a| {
            let group = if a.kind == ActivityKind::GroupMeeting {
                a.group.as_ref()
            } else {
                None
            };
            (a.kind, period(a.kind, a.date), group)
        })
        .collect();
    let secretary = data.branch.holder(CommitteeRole::Secretary).cloned();

    // (kind, month, day, group) slots, before dedup.
    let mut slots: Vec<(ActivityKind, u8, u8, Option<&GroupId>)> = Vec::new();
    for kind in SKELETON_KINDS {
        if !opts.include.contains(&kind) {
            continue;
        }
        match kind {
            ActivityKind::ThemeDay => slots.extend((1..=12).map(|m| (kind, m, opts.theme_day, None))),
            ActivityKind::CommitteeMeeting => slots.extend((1..=12).map(|m| (kind, m, opts.committee_day, None))),
            ActivityKind::GroupMeeting => {
                for m in 1..=12 {
                    slots.extend(data.groups.iter().map(|g| (kind, m, opts.group_day, Some(&g.id))));
                }
            }
            ActivityKind::GeneralMeeting => slots.extend([1, 4, 7, 10].map(|m| (kind, m, opts.theme_day, None))),
            ActivityKind::PartyLecture => slots.extend([2, 5, 8, 11].map(|m| (kind, m, opts.theme_day, None))),
            ActivityKind::OrgLifeMeeting | ActivityKind::MemberReview => slots.push((kind, 12, opts.theme_day, None)),
            ActivityKind::HeartTalk | ActivityKind::GroupStudy => {}
        }
    }

    let mut out: Vec<(usize, usize, Activity)> = Vec::new();
    for (kind, month, day, group) in slots {
        let Some(date) = placed_day(year, month, day, opts.avoid_weekends) else {
            continue;
        };
        if filled.contains(&(kind, period(kind, date), group)) {
            continue;
        }
        let mut a = Activity::new(make_id(), kind, date);
        a.status = ActivityStatus::Planned;
        a.start = opts.start;
        a.end = opts.end;
        a.location = opts.location.clone();
        a.group = group.cloned();
        a.host = match group {
            Some(g) => data.group(g).and_then(|g| g.group_leader.clone()),
            None if kind == ActivityKind::PartyLecture => None,
            None => secretary.clone(),
        };
        a.study_hours = default_study_hours(kind);
        let kind_rank = SKELETON_KINDS.iter().position(|k| *k == kind).unwrap_or(usize::MAX);
        let group_rank = group
            .and_then(|g| data.groups.iter().position(|x| &x.id == g))
            .unwrap_or(0);
        out.push((kind_rank, group_rank, a));
    }
    sort_by_key(&mut out, |a| (a.2.date, a.0, a.1));
    out.into_iter().map(|(_, _, a)| a).collect()
}

/// How much of one kind's plan for a year is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KindCompletion {
    pub kind: ActivityKind,
    /// Entries of the kind dated in the year that are Planned or Held (the plan as it now stands, including
    /// meetings recorded without having been planned, e.g. an extra 支委会). Cancelled entries are not counted.
    pub planned_total: u32,
    /// Of those, the Held ones (a Planned entry that has been held counts here: it is the same entry).
    pub held: u32,
}

impl KindCompletion {
    /// "主题党日 8/12".
    pub fn label(&self) -> String {
        format!("{} {}/{}", self.kind.label(), self.held, self.planned_total)
    }
}

/// Completion per kind for `year`: one row for every kind that has at least one Planned or Held entry
/// dated in that year, in [`ActivityKind::ALL`] order. Cancelled entries count in neither number: a
/// cancelled meeting is no longer part of the plan (whether the year still meets the required frequency is
/// the rules check's job, not this one's).
pub fn completion(data: &Dataset, year: i32) -> Vec<KindCompletion> {
    ActivityKind::ALL
        .into_iter()
        .filter_map(|kind| {
            let mut row = KindCompletion {
                kind,
                planned_total: 0,
                held: 0,
            };
            for a in data
                .activities
                .iter()
                .filter(|a| a.kind == kind && a.date.year() == year)
            {
                match a.status {
                    ActivityStatus::Planned => row.planned_total += 1,
                    ActivityStatus::Held => {
                        row.planned_total += 1;
                        row.held += 1;
                    }
                    ActivityStatus::Cancelled => {}
                }
            }
            (row.planned_total > 0).then_some(row)
        })
        .collect()
}

/// How much of the study plan (学习计划) of a year is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StudyCompletion {
    /// Study items dated in the year.
    pub total: u32,
    /// Of those, the done ones.
    pub done: u32,
}

impl StudyCompletion {
    /// "学习计划完成 9/12".
    pub fn label(&self) -> String {
        format!("学习计划完成 {}/{}", self.done, self.total)
    }
}

/// Study-plan completion for `year`: every study item dated in the year counts in `total`; it is done when
/// it is marked done, or when the activity it is linked to has been held. An item linked to a cancelled
/// (or deleted) activity and not marked done is still owed.
pub fn study_completion(data: &Dataset, year: i32) -> StudyCompletion {
    let mut out = StudyCompletion { total: 0, done: 0 };
    for item in data.study_items.iter().filter(|s| s.date.year() == year) {
        out.total += 1;
        let linked_held = item.activity.as_ref().is_some_and(|id| {
            data.activities
                .iter()
                .any(|a| &a.id == id && a.status == ActivityStatus::Held)
        });
        if item.done || linked_held {
            out.done += 1;
        }
    }
    out
}

/// Planned entries dated before `today`: held but not yet recorded, or to be moved or cancelled
/// ("逾期未记录"). Oldest first.
pub fn overdue(data: &Dataset, today: Date) -> Vec<&Activity> {
    let mut out: Vec<&Activity> = data
        .activities
        .iter()
        .filter(|a| a.status == ActivityStatus::Planned && a.date < today)
        .collect();
    sort_by(&mut out, chronological);
    out
}

/// The record of a planned entry that has been held on `date`: same id (so calendars and links update
/// rather than duplicate), status Held, the date set to `date`; an empty roll is pre-filled with
/// [`default_roll`] for that date (and group), an empty agenda with [`default_agenda`]. Everything else
/// (theme, times, place, host) is kept for the secretary to correct in the form.
pub fn to_held(planned: &Activity, data: &Dataset, date: Date) -> Result<Activity, PlanError> {
    if planned.status != ActivityStatus::Planned {
        return Err(PlanError::NotPlanned);
    }
    let mut a = planned.clone();
    a.status = ActivityStatus::Held;
    a.date = date;
    if a.attendance.is_empty() {
        a.attendance = default_roll(data, a.kind, date, a.group.as_ref());
    }
    if a.agenda.is_empty() {
        a.agenda = default_agenda(a.kind);
    }
    Ok(a)
}

/// A planned entry moved to `date` (times kept). Same id, so a re-exported calendar moves the event.
pub fn move_to(planned: &Activity, date: Date) -> Result<Activity, PlanError> {
    if planned.status != ActivityStatus::Planned {
        return Err(PlanError::NotPlanned);
    }
    let mut a = planned.clone();
    a.date = date;
    Ok(a)
}

/// A planned entry cancelled (kept, so that calendars and links show it as cancelled).
pub fn cancel(planned: &Activity) -> Result<Activity, PlanError> {
    if planned.status != ActivityStatus::Planned {
        return Err(PlanError::NotPlanned);
    }
    let mut a = planned.clone();
    a.status = ActivityStatus::Cancelled;
    Ok(a)
}
