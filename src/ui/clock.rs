//! The browser's clock and randomness, for ids, "today" and timestamps.

use crate::domain::{ActivityId, Date, GroupId, MemberId, StudyItemId};

pub fn now_millis() -> u64 {
    js_sys::Date::now() as u64
}

fn random_u32() -> u32 {
    (js_sys::Math::random() * f64::from(u32::MAX)) as u32
}

/// Today in the browser's local time zone.
pub fn today() -> Date {
    let d = js_sys::Date::new_0();
    Date::new(d.get_full_year() as i32, d.get_month() as u8 + 1, d.get_date() as u8)
        .unwrap_or_else(|| Date::ymd(2026, 1, 1))
}

/// The local time as ISO 8601 with offset, for `exported_at`.
pub fn now_iso() -> String {
    let d = js_sys::Date::new_0();
    let offset = -(d.get_timezone_offset() as i32);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}{:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes(),
        d.get_seconds(),
        if offset >= 0 { '+' } else { '-' },
        offset.abs() / 60,
        offset.abs() % 60
    )
}

pub fn new_member_id() -> MemberId {
    MemberId::generate(now_millis(), random_u32())
}
pub fn new_group_id() -> GroupId {
    GroupId::generate(now_millis(), random_u32())
}
pub fn new_activity_id() -> ActivityId {
    ActivityId::generate(now_millis(), random_u32())
}
pub fn new_study_item_id() -> StudyItemId {
    StudyItemId::generate(now_millis(), random_u32())
}
