//! The schedule (日程): what is planned or held in a window of days, for the whole branch or for one
//! member, as a sorted list and as a month calendar (weeks × 7 days, Monday first).
//!
//! A member's schedule holds the items where the member is expected: their own group's 党小组会, the
//! 支委会 if they sit on the committee, and every branch-wide item (党员大会, 党课, 主题党日, 组织生活会,
//! 民主评议, 集中学习), but only on days they belong to the branch. A 谈心谈话 is between a few people: it
//! is on a member's schedule only if they host it or are on its roll. Activists see what they may attend
//! as observers (the same scope as [`in_scope`]).

use super::activity::{Activity, ActivityKind, ActivityStatus};
use super::dataset::Dataset;
use super::date::Date;
use super::id::MemberId;
use super::roll::in_scope;
use super::sort::sort_by;
use std::cmp::Ordering;

/// Whose schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience<'a> {
    /// Everything of the branch.
    Branch,
    /// What one member is expected at (see the module comment).
    Member(&'a MemberId),
}

/// Whether `activity` belongs on `audience`'s schedule (status not considered).
pub fn concerns(data: &Dataset, audience: Audience<'_>, activity: &Activity) -> bool {
    let Audience::Member(id) = audience else {
        return true;
    };
    let Some(member) = data.member(id) else {
        return false;
    };
    if !member.in_branch_on(activity.date) {
        return false;
    }
    if activity.kind == ActivityKind::HeartTalk {
        return activity.host.as_ref() == Some(id) || activity.entry_for(id).is_some();
    }
    in_scope(data, activity.kind, activity.group.as_ref(), member)
}

/// The order of a schedule: date, then start time (items without a time first: they last all day), then
/// kind (in [`ActivityKind::ALL`] order), then group (in `data.groups` order), then id.
pub fn schedule_order(data: &Dataset, a: &Activity, b: &Activity) -> Ordering {
    let group_rank = |x: &Activity| {
        x.group
            .as_ref()
            .and_then(|g| data.groups.iter().position(|y| &y.id == g))
            .unwrap_or(usize::MAX)
    };
    (a.date, a.start, a.kind, group_rank(a), &a.id).cmp(&(b.date, b.start, b.kind, group_rank(b), &b.id))
}

/// The items of `audience` dated `from..=to`, in [`schedule_order`]: Planned and Held ones, and also the
/// Cancelled ones when `include_cancelled` (a calendar file needs them to remove the event).
pub fn items_between<'d>(
    data: &'d Dataset,
    audience: Audience<'_>,
    from: Date,
    to: Date,
    include_cancelled: bool,
) -> Vec<&'d Activity> {
    let mut out: Vec<&Activity> = data
        .activities
        .iter()
        .filter(|a| from <= a.date && a.date <= to)
        .filter(|a| include_cancelled || a.status != ActivityStatus::Cancelled)
        .filter(|a| concerns(data, audience, a))
        .collect();
    sort_by(&mut out, |a, b| schedule_order(data, a, b));
    out
}

/// The upcoming items: Planned and Held items of `audience` dated `from..=to` (e.g. today to four weeks
/// on), sorted (see [`schedule_order`]). Cancelled items are left out.
pub fn upcoming<'d>(data: &'d Dataset, audience: Audience<'_>, from: Date, to: Date) -> Vec<&'d Activity> {
    items_between(data, audience, from, to, false)
}

/// Every item of `audience` in calendar year `year` (cancelled ones included when asked), sorted.
pub fn year_items<'d>(
    data: &'d Dataset,
    audience: Audience<'_>,
    year: i32,
    include_cancelled: bool,
) -> Vec<&'d Activity> {
    let mut out: Vec<&Activity> = data
        .activities
        .iter()
        .filter(|a| a.date.year() == year)
        .filter(|a| include_cancelled || a.status != ActivityStatus::Cancelled)
        .filter(|a| concerns(data, audience, a))
        .collect();
    sort_by(&mut out, |a, b| schedule_order(data, a, b));
    out
}

/// One cell of a month calendar.
#[derive(Debug, Clone, PartialEq)]
pub struct CalendarDay<'d> {
    pub date: Date,
    /// False for the days of the previous or next month that fill the first and last weeks.
    pub in_month: bool,
    /// The day's Planned and Held items (cancelled ones too when asked), in [`schedule_order`].
    pub items: Vec<&'d Activity>,
}

/// A month as weeks of seven days, Monday first; 4 to 6 weeks, the first containing the 1st, the last
/// containing the last day of the month. Days outside the month carry their items too (the UI may grey
/// them out).
#[derive(Debug, Clone, PartialEq)]
pub struct MonthCalendar<'d> {
    pub year: i32,
    pub month: u8,
    pub weeks: Vec<[CalendarDay<'d>; 7]>,
}

impl<'d> MonthCalendar<'d> {
    /// Every day of the grid, week by week.
    pub fn days(&self) -> impl Iterator<Item = &CalendarDay<'d>> {
        self.weeks.iter().flatten()
    }
}

/// The calendar of `year`-`month` for `audience`. `None` for a month that does not exist or whose grid
/// would reach outside the years the app accepts (the first weeks of 1900 and the last of 2200).
pub fn month_calendar<'d>(
    data: &'d Dataset,
    audience: Audience<'_>,
    year: i32,
    month: u8,
    include_cancelled: bool,
) -> Option<MonthCalendar<'d>> {
    let first = Date::new(year, month, 1)?;
    let lead = first.weekday() as i64; // Mon = 0
    let grid_start = first.add_days(-lead)?;
    let last = Date::new(year, month, super::date::days_in_month(year, month))?;
    let trail = 6 - last.weekday() as i64;
    let grid_end = last.add_days(trail)?;
    let items = items_between(data, audience, grid_start, grid_end, include_cancelled);
    let n_weeks = ((grid_end.to_days() - grid_start.to_days() + 1) / 7) as usize;
    let mut weeks = Vec::with_capacity(n_weeks);
    let mut items_iter = items.into_iter().peekable();
    for w in 0..n_weeks {
        let week: [CalendarDay<'d>; 7] = std::array::from_fn(|i| {
            // In range by construction: grid_start..=grid_end all exist.
            let date = grid_start.add_days((w * 7 + i) as i64).unwrap_or(grid_start);
            let mut day_items = Vec::new();
            while let Some(a) = items_iter.next_if(|a| a.date == date) {
                day_items.push(a);
            }
            CalendarDay {
                date,
                in_month: date.month() == month && date.year() == year,
                items: day_items,
            }
        });
        weeks.push(week);
    }
    Some(MonthCalendar { year, month, weeks })
}

/// "党小组会（第一党小组）：学习党章", "支委会", with "（待定主题）" for an entry without a theme when
/// `placeholder` is set.
pub fn item_title(a: &Activity, d: &Dataset, placeholder: bool) -> String {
    let mut s = a.kind.label().to_owned();
    if let (Some(g), ActivityKind::GroupMeeting) = (&a.group, a.kind) {
        s.push('（');
        s.push_str(&d.group_name(g));
        s.push('）');
    }
    let theme = a.theme.trim();
    if !theme.is_empty() {
        s.push('：');
        s.push_str(theme);
    } else if placeholder && a.status == ActivityStatus::Planned && kind_has_theme(a.kind) {
        s.push_str("（待定主题）");
    }
    s
}

/// Kinds whose plan entry is expected to get a theme or title.
pub fn kind_has_theme(kind: ActivityKind) -> bool {
    matches!(
        kind,
        ActivityKind::ThemeDay | ActivityKind::PartyLecture | ActivityKind::GroupStudy | ActivityKind::GroupMeeting
    )
}

/// "3月15日 周日", the year left out.
pub fn day_short(date: Date) -> String {
    format!("{}月{}日 周{}", date.month(), date.day(), date.weekday().label())
}

/// "14:30—16:30", "14:30", or "" (an all-day entry).
pub fn time_text(a: &Activity) -> String {
    match (a.start, a.end) {
        (Some(s), Some(e)) => format!("{s}—{e}"),
        (Some(s), None) => s.to_string(),
        _ => String::new(),
    }
}
