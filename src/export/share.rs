//! A share link carrying the schedule in its URL fragment: members open it in any browser (the fragment
//! never reaches a server) and see the branch's dates without having the secretary's data.
//!
//! ```text
//! https://…/#/s/1.eAHtVk1v2zAM…
//!               │ └ base64url (no padding) of zlib( compact JSON )
//!               └ format version
//! ```
//!
//! ## What is in it
//! Only what a member needs to turn up: the branch name, a title, and per item its id (so that a calendar
//! made from the link updates rather than duplicates), date, start and end, kind, status (planned, held,
//! cancelled), theme, location and the party group's name. No person's name, phone number or attendance.
//! The JSON is compact: short keys, each item an array, group names in a table referenced by index:
//! `{"b":"…党支部","t":"2026年活动安排","g":["第一党小组"],"i":[["a-…","2026-03-10","14:30","16:30","td",0,"重温入党誓词","三楼会议室",-1],…]}`.
//!
//! ## Compression: hand-written, in `super::deflate`
//! The JSON is compressed as a zlib stream (RFC 1950/1951: DEFLATE with fixed Huffman codes after LZ77
//! matching, then an Adler-32 checksum) by a small encoder, and read back by a complete inflater (stored,
//! fixed and dynamic blocks); the codec lives in `export::deflate`, which the Word files use too.
//!
//! - Why not the browser's `CompressionStream('deflate-raw')`: it is asynchronous (streams and promises in
//!   the UI for what is a function call here), the phones members open the link on (often a chat app's
//!   built-in browser) may be too old to have it (Safari < 16.4, Firefox < 113), an output cap while
//!   inflating is harder to enforce there, and the pure core could not be tested natively.
//! - Why not a crate: measured in the release app (opt-level "z", LTO, `wasm-opt -Oz`), this codec with
//!   base64url adds 7,954 bytes of wasm (3,679 gzipped); `miniz_oxide` 0.8 (deflate + inflate, `with-alloc`
//!   only) adds 36,711 (16,276 gzipped) for the same job.
//! - The price: fixed Huffman codes compress about a fifth worse than zlib's best level. A year of a branch
//!   with three groups (70 items, every one with a theme, times and a place: 10.7 KB of JSON) makes a
//!   2,814-character fragment (zlib -9 would give about 2,300), far under the 8 KB a link should stay under.
//! - The output is a standard zlib stream, so any zlib reader can check it; the tests decode a stream made
//!   by another zlib implementation (Python's, with dynamic Huffman blocks).
//!
//! ## What decoding checks
//! The link's length, the version, the base64url alphabet, the zlib header, every DEFLATE block, a hard cap
//! on the inflated size (a link crafted to inflate to gigabytes stops at [`MAX_PAYLOAD_BYTES`]), the
//! Adler-32 checksum (a changed or missing character is caught, unless the change happens to leave the
//! content identical, e.g. a match pointing at another copy of the same text), then the JSON: at most [`MAX_ITEMS`]
//! items, field lengths, no control characters, real dates and times, known kinds, group references in
//! range. Every failure is a [`ShareError`] with a Chinese message saying what to do.

use crate::domain::id::is_well_formed;
use crate::domain::validate::{MAX_LINE_CHARS, MAX_NAME_CHARS};
use crate::domain::{Activity, ActivityId, ActivityKind, ActivityStatus, Dataset, Date, Time};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The format version written into links.
pub const SHARE_VERSION: u32 = 1;
/// Where the data starts in the fragment: `#/s/<version>.<data>`.
pub const FRAGMENT_PREFIX: &str = "#/s/";
/// Most items in one link.
pub const MAX_ITEMS: usize = 1_000;
/// Longest link text accepted (and produced), in characters.
pub const MAX_LINK_CHARS: usize = 32 * 1024;
/// Largest inflated payload accepted, in bytes.
pub const MAX_PAYLOAD_BYTES: usize = 256 * 1024;
/// Longest title, in characters.
pub const MAX_TITLE_CHARS: usize = 100;
/// Most party groups named in one link.
pub const MAX_GROUPS: usize = 200;

/// The schedule carried by a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedSchedule {
    /// 支部名称.
    pub branch: String,
    /// e.g. "2026年支部活动安排".
    pub title: String,
    pub items: Vec<SharedItem>,
}

/// One item of a shared schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedItem {
    /// The activity's id, for stable calendar UIDs; `None` if the link did not carry it.
    pub id: Option<ActivityId>,
    pub date: Date,
    pub start: Option<Time>,
    pub end: Option<Time>,
    pub kind: ActivityKind,
    pub status: ActivityStatus,
    pub theme: String,
    pub location: String,
    /// The party group's name, for 党小组会.
    pub group: Option<String>,
}

/// Why a link could not be opened. The messages are shown to members as they are.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ShareError {
    #[error("链接里没有日程内容，可能只复制了一部分，请向支部书记重新索取完整链接")]
    Empty,
    #[error("这不是支部日程分享链接，请确认复制的是支部书记发来的完整链接")]
    NotShareLink,
    #[error("链接过长（超过 {} 个字符），不是有效的支部日程链接", MAX_LINK_CHARS)]
    TooLong,
    #[error("这个链接由更新版本的支部台账生成（格式 {0}），请刷新页面或更新应用后再打开")]
    UnsupportedVersion(u32),
    #[error("链接中含有不应出现的字符，可能在转发时被改动，请向支部书记重新索取")]
    BadCharacters,
    #[error("链接不完整或已损坏，请向支部书记重新索取")]
    Damaged,
    #[error("链接内容超出上限（解压后超过 {} KB），不是有效的支部日程链接", MAX_PAYLOAD_BYTES / 1024)]
    TooLarge,
    #[error("链接中的日程数据有误（{0}），请向支部书记重新索取")]
    Invalid(String),
}

/// Why a link could not be made. Shown to the secretary.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ShareEncodeError {
    #[error("日程条目太多（{0} 条，最多 {max} 条），请缩短时间范围", max = MAX_ITEMS)]
    TooManyItems(usize),
    #[error("生成的链接过长（{0} 个字符），请缩短时间范围，或改用日历文件分享")]
    TooLong(usize),
    #[error("日程中有内容不能放入链接（{0}），请先在记录中修改")]
    Invalid(String),
}

// ---------------------------------------------------------------------------------------------------------
// Building, encoding and decoding

/// The shared schedule of `activities` (typically `schedule::year_items` for the branch or one member):
/// the group of a 党小组会 by name, nothing about people. Texts are made link-safe (control characters
/// become spaces, over-long texts are cut to the limits) and an end time not after the start is dropped,
/// so that [`encode`] only fails on size.
pub fn from_activities(data: &Dataset, title: &str, activities: &[&Activity]) -> SharedSchedule {
    SharedSchedule {
        branch: clean(&data.branch.name, MAX_NAME_CHARS),
        title: clean(title, MAX_TITLE_CHARS),
        items: activities
            .iter()
            .map(|a| SharedItem {
                id: Some(a.id.clone()).filter(|id| is_well_formed(ActivityId::PREFIX, id.as_str())),
                date: a.date,
                start: a.start,
                end: a.end.filter(|end| a.start.is_some_and(|start| *end > start)),
                kind: a.kind,
                status: a.status,
                theme: clean(&a.theme, MAX_LINE_CHARS),
                location: clean(&a.location, MAX_LINE_CHARS),
                group: a
                    .group
                    .as_ref()
                    .map(|g| clean(&data.group_name(g), MAX_NAME_CHARS))
                    .filter(|g| !g.is_empty()),
            })
            .collect(),
    }
}

/// `text` trimmed, control characters as spaces, at most `max` characters.
fn clean(text: &str, max: usize) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .chars()
        .take(max)
        .collect::<String>()
        .trim_end()
        .to_owned()
}

/// The link fragment, `#/s/1.<data>`; append it to the app's address.
pub fn encode(schedule: &SharedSchedule) -> Result<String, ShareEncodeError> {
    if schedule.items.len() > MAX_ITEMS {
        return Err(ShareEncodeError::TooManyItems(schedule.items.len()));
    }
    let wire = to_wire(schedule);
    check_wire(&wire).map_err(ShareEncodeError::Invalid)?;
    let json = serde_json::to_vec(&wire).expect("plain data always serialises");
    // Exactly the checks `decode` makes, so that every link made can be opened.
    from_wire(wire).map_err(ShareEncodeError::Invalid)?;
    if json.len() > MAX_PAYLOAD_BYTES {
        return Err(ShareEncodeError::TooLong(json.len()));
    }
    let packed = zlib_compress(&json);
    let link = format!("{FRAGMENT_PREFIX}{SHARE_VERSION}.{}", base64url_encode(&packed));
    if link.len() > MAX_LINK_CHARS {
        return Err(ShareEncodeError::TooLong(link.len()));
    }
    Ok(link)
}

/// Reads a link: a whole address (`https://…/#/s/1.…`), its fragment (`#/s/1.…`) or the fragment without
/// its `#`. Spaces and line breaks inserted by chat apps are ignored.
pub fn decode(link: &str) -> Result<SharedSchedule, ShareError> {
    if link.len() > MAX_LINK_CHARS * 2 {
        return Err(ShareError::TooLong);
    }
    let compact: String = link.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.is_empty() {
        return Err(ShareError::Empty);
    }
    let fragment = match compact.split_once('#') {
        Some((_, f)) => f,
        None => compact.as_str(),
    };
    let body = fragment.strip_prefix("/s/").ok_or(ShareError::NotShareLink)?;
    if body.len() > MAX_LINK_CHARS {
        return Err(ShareError::TooLong);
    }
    if body.is_empty() {
        return Err(ShareError::Empty);
    }
    let (version, data) = body.split_once('.').ok_or(ShareError::Damaged)?;
    if version.is_empty() || version.len() > 6 || !version.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ShareError::Damaged);
    }
    let version: u32 = version.parse().map_err(|_| ShareError::Damaged)?;
    if version != SHARE_VERSION {
        return Err(if version > SHARE_VERSION {
            ShareError::UnsupportedVersion(version)
        } else {
            ShareError::Damaged
        });
    }
    if data.is_empty() {
        return Err(ShareError::Empty);
    }
    let packed = base64url_decode(data)?;
    let json = zlib_decompress(&packed, MAX_PAYLOAD_BYTES)?;
    let wire: Wire = serde_json::from_slice(&json).map_err(|_| ShareError::Damaged)?;
    if wire.i.len() > MAX_ITEMS {
        return Err(ShareError::Invalid(format!("条目超过 {MAX_ITEMS} 条")));
    }
    check_wire(&wire).map_err(ShareError::Invalid)?;
    from_wire(wire).map_err(ShareError::Invalid)
}

/// The compact JSON form.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Wire {
    /// Branch name.
    b: String,
    /// Title.
    t: String,
    /// Group names.
    g: Vec<String>,
    /// Items.
    i: Vec<WireItem>,
}

/// `[id, date, start, end, kind, status, theme, location, group index or -1]`.
#[derive(Debug, Serialize, Deserialize)]
struct WireItem(String, String, String, String, String, u8, String, String, i32);

fn kind_code(kind: ActivityKind) -> &'static str {
    match kind {
        ActivityKind::GeneralMeeting => "gm",
        ActivityKind::CommitteeMeeting => "cm",
        ActivityKind::GroupMeeting => "gr",
        ActivityKind::PartyLecture => "pl",
        ActivityKind::ThemeDay => "td",
        ActivityKind::OrgLifeMeeting => "ol",
        ActivityKind::MemberReview => "mr",
        ActivityKind::HeartTalk => "ht",
        ActivityKind::GroupStudy => "gs",
    }
}

fn status_code(status: ActivityStatus) -> u8 {
    match status {
        ActivityStatus::Planned => 0,
        ActivityStatus::Held => 1,
        ActivityStatus::Cancelled => 2,
    }
}

fn to_wire(s: &SharedSchedule) -> Wire {
    let mut groups: Vec<String> = Vec::new();
    let items = s
        .items
        .iter()
        .map(|it| {
            let group = match &it.group {
                Some(name) => match groups.iter().position(|g| g == name) {
                    Some(i) => i as i32,
                    None => {
                        groups.push(name.clone());
                        (groups.len() - 1) as i32
                    }
                },
                None => -1,
            };
            WireItem(
                it.id.as_ref().map(|id| id.0.clone()).unwrap_or_default(),
                it.date.to_string(),
                it.start.map(|t| t.to_string()).unwrap_or_default(),
                it.end.map(|t| t.to_string()).unwrap_or_default(),
                kind_code(it.kind).to_owned(),
                status_code(it.status),
                it.theme.clone(),
                it.location.clone(),
                group,
            )
        })
        .collect();
    Wire {
        b: s.branch.clone(),
        t: s.title.clone(),
        g: groups,
        i: items,
    }
}

/// Checks lengths and characters of every text; `Err` names the first problem in Chinese.
fn check_wire(w: &Wire) -> Result<(), String> {
    fn text(what: &str, s: &str, max: usize, required: bool) -> Result<(), String> {
        if required && s.trim().is_empty() {
            return Err(format!("{what}为空"));
        }
        if s.chars().count() > max {
            return Err(format!("{what}超过 {max} 个字"));
        }
        if s.chars().any(char::is_control) {
            return Err(format!("{what}含有控制字符"));
        }
        Ok(())
    }
    text("支部名称", &w.b, MAX_NAME_CHARS, false)?;
    text("标题", &w.t, MAX_TITLE_CHARS, false)?;
    if w.g.len() > MAX_GROUPS {
        return Err(format!("党小组超过 {MAX_GROUPS} 个"));
    }
    for g in &w.g {
        text("党小组名称", g, MAX_NAME_CHARS, true)?;
    }
    if w.i.len() > MAX_ITEMS {
        return Err(format!("条目超过 {MAX_ITEMS} 条"));
    }
    for (n, it) in w.i.iter().enumerate() {
        let at = |what: &str| format!("第 {} 项的{what}", n + 1);
        text(&at("主题"), &it.6, MAX_LINE_CHARS, false)?;
        text(&at("地点"), &it.7, MAX_LINE_CHARS, false)?;
    }
    Ok(())
}

fn from_wire(w: Wire) -> Result<SharedSchedule, String> {
    let mut items = Vec::with_capacity(w.i.len());
    for (n, it) in w.i.into_iter().enumerate() {
        let WireItem(id, date, start, end, kind, status, theme, location, group) = it;
        let bad = |what: &str| format!("第 {} 项的{what}无效", n + 1);
        let id = if id.is_empty() {
            None
        } else if is_well_formed(ActivityId::PREFIX, &id) {
            Some(ActivityId(id))
        } else {
            return Err(bad("编号"));
        };
        if date.len() != 10 {
            return Err(bad("日期"));
        }
        let date = Date::parse(&date).map_err(|_| bad("日期"))?;
        let time = |s: &str| -> Result<Option<Time>, String> {
            if s.is_empty() {
                Ok(None)
            } else if s.len() == 5 {
                Time::parse(s).map(Some).map_err(|_| bad("时间"))
            } else {
                Err(bad("时间"))
            }
        };
        let (start, end) = (time(&start)?, time(&end)?);
        match (start, end) {
            (None, Some(_)) => return Err(bad("时间")),
            (Some(s), Some(e)) if e <= s => return Err(bad("时间")),
            _ => {}
        }
        let kind = ActivityKind::ALL
            .into_iter()
            .find(|k| kind_code(*k) == kind)
            .ok_or_else(|| bad("类别"))?;
        let status = match status {
            0 => ActivityStatus::Planned,
            1 => ActivityStatus::Held,
            2 => ActivityStatus::Cancelled,
            _ => return Err(bad("状态")),
        };
        let group = match group {
            -1 => None,
            i => Some(
                w.g.get(usize::try_from(i).map_err(|_| bad("党小组"))?)
                    .ok_or_else(|| bad("党小组"))?
                    .clone(),
            ),
        };
        items.push(SharedItem {
            id,
            date,
            start,
            end,
            kind,
            status,
            theme,
            location,
            group,
        });
    }
    Ok(SharedSchedule {
        branch: w.b,
        title: w.t,
        items,
    })
}

// ---------------------------------------------------------------------------------------------------------
// base64url (RFC 4648 §5), without padding

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// base64url without padding.
pub fn base64url_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, b)| acc | u32::from(*b) << (16 - 8 * i));
        let chars = chunk.len() + 1;
        for i in 0..chars {
            out.push(B64[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

/// Reads base64url; tolerates trailing `=` padding. A character outside the alphabet is
/// [`ShareError::BadCharacters`]; an impossible length (a cut link) or non-zero unused bits in the last
/// character (only canonical encodings are accepted) is [`ShareError::Damaged`].
pub fn base64url_decode(text: &str) -> Result<Vec<u8>, ShareError> {
    let text = text.trim_end_matches('=');
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for b in text.bytes() {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return Err(ShareError::BadCharacters),
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    // A cut link leaves an impossible length; a changed last character leaves stray bits.
    if text.len() % 4 == 1 || acc != 0 {
        return Err(ShareError::Damaged);
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------------------
// zlib (RFC 1950) around DEFLATE (RFC 1951): the codec is in `super::deflate`, shared with the Word files.

use super::deflate::InflateError;
pub use super::deflate::{adler32, zlib_compress};

impl From<InflateError> for ShareError {
    fn from(e: InflateError) -> ShareError {
        match e {
            InflateError::Damaged => ShareError::Damaged,
            InflateError::TooLarge => ShareError::TooLarge,
        }
    }
}

/// Reads a zlib stream: header, DEFLATE data (at most `cap` bytes out), Adler-32; nothing may follow.
pub fn zlib_decompress(data: &[u8], cap: usize) -> Result<Vec<u8>, ShareError> {
    Ok(super::deflate::zlib_decompress(data, cap)?)
}
