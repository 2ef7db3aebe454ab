//! The schedule as an iCalendar file (RFC 5545), for members to import into their phone's calendar.
//!
//! - UTF-8, every line ended by CRLF, content lines folded at 75 octets (a continuation line starts with one
//!   space, which counts in its 75) without ever splitting a UTF-8 character.
//! - TEXT values escaped: `\` → `\\`, `;` → `\;`, `,` → `\,`, a line break → `\n`; other control
//!   characters are dropped.
//! - Times are wall-clock times in China Standard Time: a `VTIMEZONE` block for `Asia/Shanghai` (CST,
//!   UTC+8, no daylight saving) and `DTSTART;TZID=Asia/Shanghai:20260310T143000`. An item without a start
//!   time is an all-day event (`DTSTART;VALUE=DATE:20260310`, `DTEND` the next day); a start without an
//!   end (or with an end not after it) lasts one hour (`DURATION:PT1H`) so that it is visible in calendars.
//! - `UID:<activity id>@zhibu`: the activity id never changes, so importing an updated file updates (or,
//!   with `STATUS:CANCELLED`, cancels) the events already imported instead of duplicating them.
//! - `DTSTAMP` is the export time supplied by the caller (milliseconds since 1970, UTC). `SEQUENCE` is the
//!   export time in whole minutes since 2020-01-01 UTC: it grows with every export, so every client treats
//!   the newer file's events as the newer revision (the app keeps no per-event revision counter).
//! - `METHOD:PUBLISH`, `CALSCALE:GREGORIAN`, `X-WR-CALNAME` (the branch's calendar name) and
//!   `X-WR-TIMEZONE` for clients that read them.

use super::share::{SharedItem, SharedSchedule};
use crate::domain::{Activity, ActivityKind, ActivityStatus, Dataset, Date, Time};

/// The MIME type to give the downloaded file.
pub const MIME_TYPE: &str = "text/calendar;charset=utf-8";
/// The domain part of every UID.
pub const UID_DOMAIN: &str = "zhibu";
const PRODID: &str = concat!("-//zhibu//zhibu ", env!("CARGO_PKG_VERSION"), "//ZH-CN");
/// Minutes from 1970-01-01 to 2020-01-01 (UTC).
const SEQUENCE_EPOCH_MINUTES: u64 = 18_262 * 24 * 60;

/// One event, neutral about where it came from (a record of the dataset, or an item of a share link).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// The full UID, e.g. `a-18c…@zhibu` (see [`uid_for`]).
    pub uid: String,
    pub date: Date,
    pub start: Option<Time>,
    pub end: Option<Time>,
    pub summary: String,
    pub location: String,
    pub description: String,
    /// The kind's label, as `CATEGORIES`.
    pub category: String,
    pub cancelled: bool,
}

/// `<id>@zhibu`.
pub fn uid_for(id: &str) -> String {
    format!("{id}@{UID_DOMAIN}")
}

/// "主题党日：重温入党誓词", "党小组会（第一党小组）：学习…", "支委会" (no theme yet), and "【已取消】…"
/// in front of a cancelled one (many calendar apps do not show `STATUS:CANCELLED`).
pub fn summary(kind: ActivityKind, theme: &str, group: Option<&str>, cancelled: bool) -> String {
    let mut s = String::new();
    if cancelled {
        s.push_str("【已取消】");
    }
    s.push_str(kind.label());
    if let Some(g) = group.filter(|g| !g.is_empty()) {
        s.push('（');
        s.push_str(g);
        s.push('）');
    }
    let theme = theme.trim();
    if !theme.is_empty() {
        s.push('：');
        s.push_str(theme);
    }
    s
}

/// The event of one activity: summary with the group's name, location, and a description made of the
/// agenda ("议题：" then one numbered line each) and, for a 党课, the lecturer ("授课人：…").
pub fn event_from_activity(data: &Dataset, a: &Activity) -> Event {
    let cancelled = a.status == ActivityStatus::Cancelled;
    let group = a.group.as_ref().map(|g| data.group_name(g));
    let mut description = String::new();
    let agenda: Vec<&str> = a.agenda.iter().map(|s| s.trim()).filter(|s| !s.is_empty()).collect();
    if !agenda.is_empty() {
        description.push_str("议题：");
        for (i, item) in agenda.iter().enumerate() {
            description.push_str(&format!("\n{}. {}", i + 1, item));
        }
    }
    if a.kind == ActivityKind::PartyLecture {
        let lecturer = match &a.lecturer {
            Some(id) => data.member_name(id),
            None => a.lecturer_name.trim().to_owned(),
        };
        if !lecturer.is_empty() {
            if !description.is_empty() {
                description.push('\n');
            }
            description.push_str("授课人：");
            description.push_str(&lecturer);
        }
    }
    Event {
        uid: uid_for(a.id.as_str()),
        date: a.date,
        start: a.start,
        end: a.end,
        summary: summary(a.kind, &a.theme, group.as_deref(), cancelled),
        location: a.location.trim().to_owned(),
        description,
        category: a.kind.label().to_owned(),
        cancelled,
    }
}

/// The calendar file of `activities` (typically `schedule::year_items(…, true)`: cancelled ones included
/// so that clients cancel them), named after the branch ("××党支部 活动日程").
pub fn export(data: &Dataset, activities: &[&Activity], dtstamp_unix_ms: u64) -> String {
    let events: Vec<Event> = activities.iter().map(|a| event_from_activity(data, a)).collect();
    calendar(&calendar_name(&data.branch.name), &events, dtstamp_unix_ms)
}

/// The event of one item of a share link: same UID as the secretary's file when the link carries the
/// activity id (otherwise one made of the date, the kind and the item's position), no description.
pub fn event_from_shared(item: &SharedItem, position: usize) -> Event {
    let cancelled = item.status == ActivityStatus::Cancelled;
    let uid = match &item.id {
        Some(id) => uid_for(id.as_str()),
        None => uid_for(&format!("{}-{}-{}", item.date, item.kind.code(), position)),
    };
    Event {
        uid,
        date: item.date,
        start: item.start,
        end: item.end,
        summary: summary(item.kind, &item.theme, item.group.as_deref(), cancelled),
        location: item.location.trim().to_owned(),
        description: String::new(),
        category: item.kind.label().to_owned(),
        cancelled,
    }
}

/// The calendar file of a schedule opened from a share link (for a member's "加入手机日历").
pub fn export_shared(schedule: &SharedSchedule, dtstamp_unix_ms: u64) -> String {
    let events: Vec<Event> = schedule
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| event_from_shared(item, i))
        .collect();
    calendar(&calendar_name(&schedule.branch), &events, dtstamp_unix_ms)
}

/// "××党支部 活动日程" (or "党支部活动日程" for a branch without a name yet).
pub fn calendar_name(branch_name: &str) -> String {
    let name = branch_name.trim();
    if name.is_empty() {
        "党支部活动日程".to_owned()
    } else {
        format!("{name} 活动日程")
    }
}

/// The whole `VCALENDAR`, CRLF-terminated and folded.
pub fn calendar(name: &str, events: &[Event], dtstamp_unix_ms: u64) -> String {
    let stamp = utc_stamp(dtstamp_unix_ms);
    let sequence = (dtstamp_unix_ms / 60_000)
        .saturating_sub(SEQUENCE_EPOCH_MINUTES)
        .min(i32::MAX as u64);
    let mut out = String::with_capacity(512 + events.len() * 400);
    let mut line = |l: &str| {
        out.push_str(&fold(l));
        out.push_str("\r\n");
    };
    line("BEGIN:VCALENDAR");
    line("VERSION:2.0");
    line(&format!("PRODID:{PRODID}"));
    line("CALSCALE:GREGORIAN");
    line("METHOD:PUBLISH");
    line(&format!("X-WR-CALNAME:{}", escape_text(name)));
    line("X-WR-TIMEZONE:Asia/Shanghai");
    line("BEGIN:VTIMEZONE");
    line("TZID:Asia/Shanghai");
    line("X-LIC-LOCATION:Asia/Shanghai");
    line("BEGIN:STANDARD");
    line("TZOFFSETFROM:+0800");
    line("TZOFFSETTO:+0800");
    line("TZNAME:CST");
    line("DTSTART:19700101T000000");
    line("END:STANDARD");
    line("END:VTIMEZONE");
    for e in events {
        line("BEGIN:VEVENT");
        line(&format!("UID:{}", escape_text(&e.uid)));
        line(&format!("DTSTAMP:{stamp}"));
        line(&format!("SEQUENCE:{sequence}"));
        match e.start {
            None => {
                line(&format!("DTSTART;VALUE=DATE:{}", ics_date(e.date)));
                if let Some(next) = e.date.add_days(1) {
                    line(&format!("DTEND;VALUE=DATE:{}", ics_date(next)));
                }
            }
            Some(start) => {
                line(&format!("DTSTART;TZID=Asia/Shanghai:{}", ics_date_time(e.date, start)));
                match e.end.filter(|end| *end > start) {
                    Some(end) => line(&format!("DTEND;TZID=Asia/Shanghai:{}", ics_date_time(e.date, end))),
                    None => line("DURATION:PT1H"),
                }
            }
        }
        line(&format!("SUMMARY:{}", escape_text(&e.summary)));
        if !e.location.is_empty() {
            line(&format!("LOCATION:{}", escape_text(&e.location)));
        }
        if !e.description.is_empty() {
            line(&format!("DESCRIPTION:{}", escape_text(&e.description)));
        }
        if !e.category.is_empty() {
            line(&format!("CATEGORIES:{}", escape_text(&e.category)));
        }
        line(if e.cancelled {
            "STATUS:CANCELLED"
        } else {
            "STATUS:CONFIRMED"
        });
        line("END:VEVENT");
    }
    line("END:VCALENDAR");
    out
}

/// `20260310`.
fn ics_date(d: Date) -> String {
    format!("{:04}{:02}{:02}", d.year(), d.month(), d.day())
}

/// `20260310T143000` (local time, to be read with a TZID).
fn ics_date_time(d: Date, t: Time) -> String {
    format!("{}T{:02}{:02}00", ics_date(d), t.hour(), t.minute())
}

/// `20261121T113200Z` from milliseconds since 1970 (UTC); times beyond the years the app accepts are
/// clamped to its last day.
fn utc_stamp(unix_ms: u64) -> String {
    let secs = unix_ms / 1000;
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let date = Date::from_days(days).unwrap_or_else(|| Date::ymd(crate::domain::date::MAX_YEAR, 12, 31));
    format!(
        "{}T{:02}{:02}{:02}Z",
        ics_date(date),
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

/// TEXT escaping (RFC 5545 §3.3.11): `\` `;` `,` escaped with a backslash, CRLF / LF / CR as `\n`, other
/// control characters (except tab) dropped.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds one content line (without its CRLF) so that no physical line exceeds 75 octets: a break is
/// `CRLF` + one space, placed only between characters, and the space counts in the next line's 75.
pub fn fold(line: &str) -> String {
    const LIMIT: usize = 75;
    if line.len() <= LIMIT {
        return line.to_owned();
    }
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3);
    let mut used = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if used + n > LIMIT {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += n;
    }
    out
}
