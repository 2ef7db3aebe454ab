//! Calendar dates and clock times, hand-written to keep the bundle small.
//!
//! A [`Date`] is a proleptic Gregorian day, serialised as `"YYYY-MM-DD"` (so it sorts as text, which the
//! store's date index relies on). A [`Time`] is a wall-clock time in the branch's zone (China Standard
//! Time, UTC+8, no daylight saving), serialised as `"HH:MM"`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use thiserror::Error;

/// Why a date or time string could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DateError {
    #[error("日期格式应为 年-月-日，例如 2026-03-15")]
    DateFormat,
    #[error("没有这一天，请检查月份和日期")]
    NoSuchDay,
    #[error("年份应在 1900 到 2200 之间")]
    YearRange,
    #[error("时间格式应为 时:分，例如 09:30")]
    TimeFormat,
}

/// The earliest and latest years the app accepts anywhere (imports included).
pub const MIN_YEAR: i32 = 1900;
pub const MAX_YEAR: i32 = 2200;

/// A calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

/// Day of the week, Monday first as in China.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Weekday {
    pub fn is_weekend(self) -> bool {
        matches!(self, Weekday::Sat | Weekday::Sun)
    }
    /// 一 … 日, as in "星期一".
    pub fn label(self) -> &'static str {
        match self {
            Weekday::Mon => "一",
            Weekday::Tue => "二",
            Weekday::Wed => "三",
            Weekday::Thu => "四",
            Weekday::Fri => "五",
            Weekday::Sat => "六",
            Weekday::Sun => "日",
        }
    }
}

pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// A checked constructor: `None` for a day that does not exist or a year out of range.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) || !(1..=12).contains(&month) {
            return None;
        }
        if day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Like [`Date::new`], for literals in code and tests; panics on a day that does not exist.
    pub fn ymd(year: i32, month: u8, day: u8) -> Date {
        Date::new(year, month, day).expect("valid date literal")
    }

    pub fn year(self) -> i32 {
        self.year
    }
    pub fn month(self) -> u8 {
        self.month
    }
    pub fn day(self) -> u8 {
        self.day
    }
    /// 1 … 4.
    pub fn quarter(self) -> u8 {
        (self.month - 1) / 3 + 1
    }

    /// Days since 1970-01-01 (negative before). Howard Hinnant's `days_from_civil`.
    pub fn to_days(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The inverse of [`Date::to_days`]; `None` outside the accepted years.
    pub fn from_days(days: i64) -> Option<Date> {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date::new(i32::try_from(year).ok()?, month, day)
    }

    pub fn add_days(self, n: i64) -> Option<Date> {
        Date::from_days(self.to_days() + n)
    }

    pub fn weekday(self) -> Weekday {
        // 1970-01-01 was a Thursday.
        match (self.to_days().rem_euclid(7) + 3) % 7 {
            0 => Weekday::Mon,
            1 => Weekday::Tue,
            2 => Weekday::Wed,
            3 => Weekday::Thu,
            4 => Weekday::Fri,
            5 => Weekday::Sat,
            _ => Weekday::Sun,
        }
    }

    /// The first day of this date's month.
    pub fn first_of_month(self) -> Date {
        Date { day: 1, ..self }
    }

    /// Whole months from `self` to `later` counting only the month fields (Jan → Mar is 2).
    pub fn months_until(self, later: Date) -> i32 {
        (later.year - self.year) * 12 + i32::from(later.month) - i32::from(self.month)
    }

    /// "2026年3月15日", as on a record page.
    pub fn chinese(self) -> String {
        format!("{}年{}月{}日", self.year, self.month, self.day)
    }

    /// Parses `YYYY-MM-DD` (also accepts `YYYY/MM/DD`, `YYYY.MM.DD`, one-digit months and days, and
    /// `YYYY年M月D日`), as pasted from Excel or typed.
    pub fn parse(text: &str) -> Result<Date, DateError> {
        match Date::parse_canonical(text.as_bytes()) {
            Some(date) => Ok(date),
            None => Date::parse_general(text),
        }
    }

    /// [`Date::parse`] of any text.
    fn parse_general(text: &str) -> Result<Date, DateError> {
        let t = text.trim();
        let normalised: String = t
            .chars()
            .map(|c| match c {
                '/' | '.' | '年' | '月' => '-',
                '日' => ' ',
                c => c,
            })
            .collect();
        let mut parts = normalised.trim().split('-');
        let (Some(y), Some(m), Some(d), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
            return Err(DateError::DateFormat);
        };
        let num = |s: &str, max_len: usize| -> Result<u32, DateError> {
            if s.is_empty() || s.len() > max_len || !s.bytes().all(|b| b.is_ascii_digit()) {
                return Err(DateError::DateFormat);
            }
            s.parse().map_err(|_| DateError::DateFormat)
        };
        let (y, m, d) = (num(y, 4)?, num(m, 2)?, num(d, 2)?);
        if y.to_string().len() != 4 {
            return Err(DateError::DateFormat);
        }
        let year = y as i32;
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
            return Err(DateError::YearRange);
        }
        Date::new(year, m as u8, d as u8).ok_or(DateError::NoSuchDay)
    }

    /// A valid date written exactly `YYYY-MM-DD` (as every stored date is), without allocating: the start
    /// reads about a thousand of them, and [`Date::parse`]'s general path costs several microseconds each in
    /// the browser. `None` for anything else, which the general path then reads (or rejects) as before.
    fn parse_canonical(text: &[u8]) -> Option<Date> {
        let &[y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = text else {
            return None;
        };
        // A year with a leading zero is not four digits to the general path.
        if y0 == b'0' {
            return None;
        }
        let year = number(&[y0, y1, y2, y3])?;
        Date::new(year as i32, number(&[m0, m1])? as u8, number(&[d0, d1])? as u8)
    }
}

/// The number written by `digits` (ASCII digits only, else `None`).
fn number(digits: &[u8]) -> Option<u32> {
    digits
        .iter()
        .try_fold(0u32, |n, &b| b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0')))
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        // Stored and exported dates are always canonical; be strict when reading them back.
        if text.len() != 10 {
            return Err(serde::de::Error::custom(format!("日期格式错误：{text}")));
        }
        Date::parse(&text).map_err(|e| serde::de::Error::custom(format!("{e}：{text}")))
    }
}

/// A wall-clock time of day, minute precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Time {
    minutes: u16,
}

impl Time {
    pub fn new(hour: u8, minute: u8) -> Option<Time> {
        (hour < 24 && minute < 60).then(|| Time {
            minutes: u16::from(hour) * 60 + u16::from(minute),
        })
    }
    /// For literals in code and tests; panics on an impossible time.
    pub fn hm(hour: u8, minute: u8) -> Time {
        Time::new(hour, minute).expect("valid time literal")
    }
    pub fn hour(self) -> u8 {
        (self.minutes / 60) as u8
    }
    pub fn minute(self) -> u8 {
        (self.minutes % 60) as u8
    }
    pub fn minutes_since_midnight(self) -> u16 {
        self.minutes
    }
    /// Parses `H:MM` or `HH:MM` (also the full-width colon `：`).
    pub fn parse(text: &str) -> Result<Time, DateError> {
        // `HH:MM`, as every stored time is, without allocating (see `Date::parse_canonical`).
        if let &[h0, h1, b':', m0, m1] = text.as_bytes() {
            if let Some(time) = number(&[h0, h1])
                .zip(number(&[m0, m1]))
                .and_then(|(h, m)| Time::new(h as u8, m as u8))
            {
                return Ok(time);
            }
        }
        Time::parse_general(text)
    }

    /// [`Time::parse`] of any text.
    fn parse_general(text: &str) -> Result<Time, DateError> {
        let t = text.trim().replace('：', ":");
        let (h, m) = t.split_once(':').ok_or(DateError::TimeFormat)?;
        let ok = |s: &str, max: usize| !s.is_empty() && s.len() <= max && s.bytes().all(|b| b.is_ascii_digit());
        if !ok(h, 2) || m.len() != 2 || !ok(m, 2) {
            return Err(DateError::TimeFormat);
        }
        let (h, m): (u8, u8) = (
            h.parse().map_err(|_| DateError::TimeFormat)?,
            m.parse().map_err(|_| DateError::TimeFormat)?,
        );
        Time::new(h, m).ok_or(DateError::TimeFormat)
    }
}

impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour(), self.minute())
    }
}

impl Serialize for Time {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Time {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Time::parse(&text).map_err(|e| serde::de::Error::custom(format!("{e}：{text}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quick_path_for_stored_dates_and_times_reads_exactly_what_the_general_one_does() {
        let mut dates: Vec<String> = (Date::ymd(1900, 1, 1).to_days()..=Date::ymd(2200, 12, 31).to_days())
            .step_by(3)
            .filter_map(Date::from_days)
            .map(|d| d.to_string())
            .collect();
        dates.extend(
            [
                "2026-02-29",
                "2024-02-29",
                "2026-13-01",
                "2026-00-10",
                "2026-04-31",
                "2026-04-00",
                "0999-01-01",
                "1899-12-31",
                "2201-01-01",
                "9999-12-31",
                "2026-1-015",
                "2026/03/15",
                "2026-03-1a",
                "２026-03-15",
                " 2026-03-15",
                "2026-03-15 ",
                "+026-03-15",
                "2026-+3-15",
                "2026--3-15",
                "",
            ]
            .map(str::to_owned),
        );
        for text in &dates {
            assert_eq!(Date::parse(text), Date::parse_general(text), "{text:?}");
        }
        let mut times: Vec<String> = (0..100)
            .flat_map(|h| (0..100).map(move |m| format!("{h:02}:{m:02}")))
            .collect();
        times.extend(
            [
                "9:30", "09:3", "0a:30", "09-30", "+9:30", "09:+3", "09：30", " 9:30", "",
            ]
            .map(str::to_owned),
        );
        for text in &times {
            assert_eq!(Time::parse(text), Time::parse_general(text), "{text:?}");
        }
    }

    #[test]
    fn days_round_trip_across_four_centuries() {
        let start = Date::ymd(1900, 1, 1).to_days();
        let end = Date::ymd(2200, 12, 31).to_days();
        let mut prev: Option<Date> = None;
        for n in start..=end {
            let d = Date::from_days(n).unwrap();
            assert_eq!(d.to_days(), n);
            if let Some(p) = prev {
                assert!(p < d);
            }
            prev = Some(d);
        }
    }

    #[test]
    fn known_weekdays() {
        assert_eq!(Date::ymd(1970, 1, 1).weekday(), Weekday::Thu);
        assert_eq!(Date::ymd(2026, 11, 21).weekday(), Weekday::Sat);
        assert_eq!(Date::ymd(2024, 2, 29).weekday(), Weekday::Thu);
    }

    #[test]
    fn parse_accepts_common_forms_and_rejects_the_rest() {
        assert_eq!(Date::parse("2026-03-05"), Ok(Date::ymd(2026, 3, 5)));
        assert_eq!(Date::parse(" 2026/3/5 "), Ok(Date::ymd(2026, 3, 5)));
        assert_eq!(Date::parse("2026.03.05"), Ok(Date::ymd(2026, 3, 5)));
        assert_eq!(Date::parse("2026年3月5日"), Ok(Date::ymd(2026, 3, 5)));
        assert_eq!(Date::parse("2026-02-29"), Err(DateError::NoSuchDay));
        assert_eq!(Date::parse("2026-13-01"), Err(DateError::NoSuchDay));
        assert_eq!(Date::parse("1800-01-01"), Err(DateError::YearRange));
        assert_eq!(Date::parse(""), Err(DateError::DateFormat));
        assert_eq!(Date::parse("26-3-5"), Err(DateError::DateFormat));
        assert_eq!(Date::parse("2026-3"), Err(DateError::DateFormat));
        assert_eq!(Date::parse("2026-03-05-01"), Err(DateError::DateFormat));
        assert_eq!(Date::parse("２０２６-03-05"), Err(DateError::DateFormat));
        assert_eq!(Date::parse("+2026-03-05"), Err(DateError::DateFormat));
    }

    #[test]
    fn serde_is_canonical_and_strict() {
        let d = Date::ymd(2026, 3, 5);
        assert_eq!(serde_json::to_string(&d).unwrap(), "\"2026-03-05\"");
        assert_eq!(serde_json::from_str::<Date>("\"2026-03-05\"").unwrap(), d);
        assert!(serde_json::from_str::<Date>("\"2026-3-5\"").is_err());
        assert!(serde_json::from_str::<Date>("20260305").is_err());
    }

    #[test]
    fn times() {
        assert_eq!(Time::parse("9:30"), Ok(Time::hm(9, 30)));
        assert_eq!(Time::parse("09：30"), Ok(Time::hm(9, 30)));
        assert_eq!(Time::parse("24:00"), Err(DateError::TimeFormat));
        assert_eq!(Time::parse("12:60"), Err(DateError::TimeFormat));
        assert_eq!(Time::parse("12:5"), Err(DateError::TimeFormat));
        assert_eq!(Time::hm(14, 5).to_string(), "14:05");
        assert!(Time::hm(9, 0) < Time::hm(11, 30));
    }

    #[test]
    fn quarters_and_months() {
        assert_eq!(Date::ymd(2026, 3, 31).quarter(), 1);
        assert_eq!(Date::ymd(2026, 4, 1).quarter(), 2);
        assert_eq!(Date::ymd(2026, 12, 31).quarter(), 4);
        assert_eq!(Date::ymd(2025, 11, 3).months_until(Date::ymd(2026, 2, 1)), 3);
        assert_eq!(Date::ymd(2026, 3, 15).chinese(), "2026年3月15日");
    }
}
