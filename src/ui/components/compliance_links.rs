//! Where each compliance alert (and grid cell) leads: the page that fixes it.
//!
//! - Record a missing activity: `/activities/new?kind=<code>&date=<YYYY-MM-15>[&group=<id>]` (the query the
//!   record form reads).
//! - A member (six months' absence): their line of the 党员出勤 tab, `/stats?tab=members&year=…&member=<id>`.
//! - Owed make-up study (补学): the record of the oldest activity they still owe it for, `/activities/<id>`,
//!   whose 补学 section records it; when none is found, the member's line as above.
//! - Several members (below the study hours): the 党员出勤 tab with them marked, `&members=<id>,<id>`.

use crate::domain::compliance::AlertTarget;
use crate::domain::overview::{first_owed_on_slice, History};
use crate::domain::{ActivityKind, Dataset, Date, GroupId, MemberId};

fn enc(text: &str) -> String {
    String::from(js_sys::encode_uri_component(text))
}

/// The record form for a new activity of `kind` in `year`-`month` (dated the 15th).
pub fn new_activity_href(kind: ActivityKind, group: Option<&GroupId>, year: i32, month: u8) -> String {
    let mut href = format!("/activities/new?kind={}&date={year:04}-{month:02}-15", kind.code());
    if let Some(g) = group {
        href.push_str("&group=");
        href.push_str(&enc(g.as_str()));
    }
    href
}

/// One member's line of the 党员出勤 tab for `year`.
pub fn member_href(year: i32, member: &MemberId) -> String {
    format!("/stats?tab=members&year={year}&member={}", enc(member.as_str()))
}

/// The 党员出勤 tab with several members marked.
pub fn members_href(year: i32, members: &[MemberId]) -> String {
    let ids: Vec<String> = members.iter().map(|m| enc(m.as_str())).collect();
    format!("/stats?tab=members&year={year}&members={}", ids.join(","))
}

/// The record of an activity.
pub fn activity_href(id: &str) -> String {
    format!("/activities/{}", enc(id))
}

/// The day alerts for `year` are judged at: today, or December 31 of a past year.
pub fn cutoff(year: i32, today: Date) -> Date {
    Date::new(year, 12, 31).map_or(today, |end| today.min(end))
}

/// The oldest held activity up to `cutoff` at which `member` was marked 请假/缺席 without a make-up.
pub fn first_owed_activity<'a>(data: &'a Dataset, member: &MemberId, cutoff: Date) -> Option<&'a str> {
    crate::domain::overview::first_owed(data, member, cutoff).map(|a| a.id.as_str())
}

/// Where an alert leads, and the words on its button.
pub fn alert_link(target: &AlertTarget, data: &Dataset, year: i32, today: Date) -> (String, &'static str) {
    alert_link_with(target, data, None, year, today)
}

/// [`alert_link`] from the slice of the start and its history (`domain::overview`), or the full data (`None`).
pub fn alert_link_with(
    target: &AlertTarget,
    data: &Dataset,
    history: Option<&History>,
    year: i32,
    today: Date,
) -> (String, &'static str) {
    match target {
        AlertTarget::NewActivity {
            kind,
            group,
            year,
            month,
        } => {
            let is_future = Date::new(*year, *month, 15).is_some_and(|d| d > today);
            (
                new_activity_href(*kind, group.as_ref(), *year, *month),
                if is_future { "安排" } else { "补录记录" },
            )
        }
        AlertTarget::Member(m) => (member_href(year, m), "查看出勤"),
        AlertTarget::MakeUp(m) => match history.map_or_else(
            || first_owed_activity(data, m, cutoff(year, today)).map(str::to_owned),
            |h| first_owed_on_slice(data, h, m, cutoff(year, today)).map(|id| id.0),
        ) {
            Some(id) => (activity_href(&id), "登记补学"),
            None => (member_href(year, m), "查看出勤"),
        },
        AlertTarget::Members(ms) => (members_href(year, ms), "查看名单"),
        AlertTarget::Activity(id) => (activity_href(&id.0), "打开记录"),
    }
}
