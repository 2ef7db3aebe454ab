//! 本年第N次: the running number of an activity among the held activities of its kind in its year.

use super::activity::{Activity, ActivityKind, ActivityStatus};
use super::date::Time;
use super::id::ActivityId;

/// The sort key of activities within a year: date, then start time (none first), then id.
fn key(a: &Activity) -> (super::date::Date, Option<Time>, &ActivityId) {
    (a.date, a.start, &a.id)
}

/// Whether `other` is numbered in the same series as `activity`: same kind, same calendar year and, for
/// group meetings, the same group.
fn same_series(activity: &Activity, other: &Activity) -> bool {
    other.kind == activity.kind
        && other.date.year() == activity.date.year()
        && (activity.kind != ActivityKind::GroupMeeting || other.group == activity.group)
}

/// 本年第N次: the 1-based position of `activity` among held activities of the same kind (and, for
/// group meetings, the same group) in the same calendar year, ordered by (date, start, id).
///
/// Planned and cancelled activities are not numbered. If `activity` itself is not held (or not in
/// `activities` yet, or `activities` holds an older copy of it), the result is the number it would get if
/// held as given: its position among the held ones plus itself.
pub fn number_in_year(activities: &[Activity], activity: &Activity) -> usize {
    let own = key(activity);
    1 + activities
        .iter()
        .filter(|a| a.id != activity.id && a.status == ActivityStatus::Held && same_series(activity, a))
        .filter(|a| key(a) < own)
        .count()
}
