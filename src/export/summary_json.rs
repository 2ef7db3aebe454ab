//! The annual summary as a versioned JSON file, for the party committee above (党委/党总支) to collect and
//! roll up several branches. The format is documented in `docs/summary-format.md`.
//!
//! ```json
//! { "format": "zhibu-summary", "version": 2, "generated_at": "2027-01-05T10:00:00+08:00",
//!   "app_version": "0.1.0", "branch": { "name": "…", "parent_org": "…" }, "year": 2026, "as_of": null,
//!   "table": [ … ], "sentence": "全年共召开…", "totals": { … }, "study_plan": { … },
//!   "study_hours": { … }, "heart_talks": { … }, "activities": [ … ], "members": [ … ],
//!   "ratings": { … }, "rectifications": { … } }
//! ```
//!
//! Members appear by name with their figures only: no ids, no phone numbers, no notes.
//! [`from_json`] checks the envelope (tag, version) and then the content (ranges and the consistency of
//! counts and rates), so a roll-up can trust what it adds up. Unknown fields are ignored, so that later
//! minor additions within version 1 stay readable.

use crate::domain::activity::ActivityKind;
use crate::domain::date::{Date, MAX_YEAR, MIN_YEAR};
use crate::domain::member::MemberKind;
use crate::domain::member_review::Rating;
use crate::domain::member_stats::percent;
use crate::domain::org_life::ItemCounts;
use crate::domain::summary::AnnualSummary;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use thiserror::Error;

pub const FORMAT_TAG: &str = "zhibu-summary";
/// Version 2 adds the year's 民主评议 ratings (`ratings`, and each member's `rating`) and the 整改 items
/// (`rectifications`); a version-1 file reads as one without them.
pub const FORMAT_VERSION: u32 = 2;
/// The most members rated in one year a summary may report.
const MAX_RATED: u64 = 100_000;
/// The largest summary file accepted, in bytes.
pub const MAX_SUMMARY_BYTES: usize = 5 * 1024 * 1024;
/// The longest text field accepted (names, labels, themes, the sentence).
pub const MAX_TEXT_CHARS: usize = 2_000;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SummaryDoc {
    pub format: String,
    pub version: u32,
    /// When the file was made, RFC 3339 with offset, e.g. "2027-01-05T10:00:00+08:00".
    pub generated_at: String,
    pub app_version: String,
    pub branch: BranchInfo,
    pub year: i32,
    /// `null`: judged at the year's end; otherwise the day it was judged at (a mid-year draft).
    #[serde(default)]
    pub as_of: Option<Date>,
    pub table: Vec<TableRow>,
    pub sentence: String,
    pub totals: Totals,
    pub study_plan: Progress,
    #[serde(default)]
    pub study_hours: Option<MemberRule>,
    #[serde(default)]
    pub heart_talks: Option<MemberRule>,
    #[serde(default)]
    pub activities: Vec<ActivityLine>,
    #[serde(default)]
    pub members: Vec<MemberLine>,
    /// 民主评议 ratings of the year per grade (version 2 on; absent when nobody was rated).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ratings: Option<RatingsLine>,
    /// 整改 items decided in the year (version 2 on; absent when there were none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rectifications: Option<ItemCounts>,
}

/// Members rated per grade.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingsLine {
    pub excellent: u32,
    pub qualified: u32,
    pub basically_qualified: u32,
    pub unqualified: u32,
}

impl RatingsLine {
    pub fn total(&self) -> u64 {
        [
            self.excellent,
            self.qualified,
            self.basically_qualified,
            self.unqualified,
        ]
        .iter()
        .map(|&n| u64::from(n))
        .sum()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BranchInfo {
    pub name: String,
    #[serde(default)]
    pub parent_org: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableRow {
    pub kind: ActivityKind,
    pub label: String,
    /// `null` when no rule covers the kind.
    pub required: Option<u32>,
    pub held: u32,
    #[serde(default)]
    pub combined: u32,
    pub expected: u32,
    pub attended: u32,
    /// Whole percent, `null` when nobody was expected.
    pub average_rate: Option<u32>,
    #[serde(default)]
    pub missed: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    pub expected: u32,
    pub attended: u32,
    pub average_rate: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub done: u32,
    pub total: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberRule {
    pub minimum: f64,
    pub members: u32,
    pub met: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityLine {
    pub date: Date,
    pub kind: ActivityKind,
    pub label: String,
    #[serde(default)]
    pub theme: String,
    pub expected: u32,
    pub attended: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberLine {
    pub name: String,
    pub kind: MemberKind,
    #[serde(default)]
    pub group: String,
    pub expected: u32,
    pub attended: u32,
    pub present: u32,
    pub leave: u32,
    pub absent: u32,
    pub elsewhere: u32,
    pub rate: Option<u32>,
    pub make_up_done: u32,
    pub make_up_owed: u32,
    pub study_hours: f64,
    pub heart_talks: u32,
    /// January … December, as in the per-member sheet: "出席2、补学", "" or "—".
    pub months: [String; 12],
    /// The year's 民主评议 rating (version 2 on).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<Rating>,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SummaryJsonError {
    #[error("文件太大（超过 {} MB），不是支部年度总结文件", MAX_SUMMARY_BYTES / 1024 / 1024)]
    TooLarge,
    #[error("文件不是有效的 JSON（{0}），请确认选择的是支部台账导出的年度总结文件")]
    NotJson(String),
    #[error("这不是支部年度总结文件（缺少格式标记 \"{FORMAT_TAG}\"）")]
    WrongFormat,
    #[error("年度总结文件缺少版本号")]
    NoVersion,
    #[error("年度总结文件版本 {0} 比本应用新，请先更新支部台账再导入")]
    TooNew(u32),
    #[error("年度总结文件内容不完整或有误：{0}")]
    BadData(String),
    #[error("年度总结文件中的数据有误：{}", .0.join("；"))]
    Invalid(Vec<String>),
}

/// The document for a summary. `generated_at` comes from the caller (the shell knows the clock).
pub fn to_doc(summary: &AnnualSummary, generated_at: &str) -> SummaryDoc {
    SummaryDoc {
        format: FORMAT_TAG.to_owned(),
        version: FORMAT_VERSION,
        generated_at: generated_at.to_owned(),
        app_version: env!("CARGO_PKG_VERSION").to_owned(),
        branch: BranchInfo {
            name: summary.branch.clone(),
            parent_org: summary.parent_org.clone(),
        },
        year: summary.year,
        as_of: summary.as_of,
        table: summary
            .rows
            .iter()
            .map(|r| TableRow {
                kind: r.kind,
                label: r.label.clone(),
                required: r.required,
                held: r.held,
                combined: r.combined,
                expected: r.expected,
                attended: r.attended,
                average_rate: r.average_rate,
                missed: r.missed.clone(),
            })
            .collect(),
        sentence: summary.sentence(),
        totals: Totals {
            expected: summary.total_expected,
            attended: summary.total_attended,
            average_rate: summary.average_rate,
        },
        study_plan: Progress {
            done: summary.study_plan.done,
            total: summary.study_plan.total,
        },
        study_hours: summary.study_hours.as_ref().map(|h| MemberRule {
            minimum: h.minimum,
            members: h.members,
            met: h.met,
        }),
        heart_talks: summary.heart_talks.as_ref().map(|h| MemberRule {
            minimum: h.minimum,
            members: h.members,
            met: h.met,
        }),
        activities: summary
            .activities
            .iter()
            .map(|a| ActivityLine {
                date: a.date,
                kind: a.kind,
                label: a.label.clone(),
                theme: a.theme.clone(),
                expected: a.expected,
                attended: a.attended,
            })
            .collect(),
        members: summary
            .members
            .iter()
            .map(|s| MemberLine {
                name: s.name.clone(),
                kind: s.kind,
                group: s.group_name.clone(),
                expected: s.expected,
                attended: s.attended,
                present: s.present,
                leave: s.leave,
                absent: s.absent,
                elsewhere: s.elsewhere,
                rate: s.rate_percent(),
                make_up_done: s.make_up_done,
                make_up_owed: s.make_up_owed,
                study_hours: s.study_hours,
                heart_talks: s.heart_talks,
                months: std::array::from_fn(|i| s.months[i].text()),
                rating: s.rating,
            })
            .collect(),
        ratings: (summary.ratings.rated() > 0).then(|| RatingsLine {
            excellent: summary.ratings.get(Rating::Excellent),
            qualified: summary.ratings.get(Rating::Qualified),
            basically_qualified: summary.ratings.get(Rating::BasicallyQualified),
            unqualified: summary.ratings.get(Rating::Unqualified),
        }),
        rectifications: (summary.rectifications.opened > 0).then_some(summary.rectifications),
    }
}

/// The summary file's text (pretty-printed JSON).
pub fn to_json(summary: &AnnualSummary, generated_at: &str) -> String {
    serde_json::to_string_pretty(&to_doc(summary, generated_at)).expect("a summary always serialises")
}

/// Reads a summary file: size, JSON, format tag and version, then the content ([`validate`]).
pub fn from_json(text: &str) -> Result<SummaryDoc, SummaryJsonError> {
    if text.len() > MAX_SUMMARY_BYTES {
        return Err(SummaryJsonError::TooLarge);
    }
    #[derive(Deserialize)]
    struct Head {
        format: Option<serde_json::Value>,
        version: Option<serde_json::Value>,
    }
    let head: Head = serde_json::from_str(text).map_err(|e| SummaryJsonError::NotJson(e.to_string()))?;
    if head.format.as_ref().and_then(|f| f.as_str()) != Some(FORMAT_TAG) {
        return Err(SummaryJsonError::WrongFormat);
    }
    match head.version.as_ref().map(|v| v.as_u64()) {
        None => return Err(SummaryJsonError::NoVersion),
        Some(None) | Some(Some(0)) => return Err(SummaryJsonError::BadData("版本号应为正整数".to_owned())),
        Some(Some(v)) if v > u64::from(FORMAT_VERSION) => {
            return Err(SummaryJsonError::TooNew(u32::try_from(v).unwrap_or(u32::MAX)))
        }
        Some(Some(_)) => {}
    }
    let doc: SummaryDoc = serde_json::from_str(text).map_err(|e| SummaryJsonError::BadData(e.to_string()))?;
    let problems = validate(&doc);
    if problems.is_empty() {
        Ok(doc)
    } else {
        Err(SummaryJsonError::Invalid(problems))
    }
}

fn check_text(problems: &mut Vec<String>, what: &str, text: &str) {
    if text.chars().count() > MAX_TEXT_CHARS {
        problems.push(format!("{what}过长"));
    } else if text.chars().any(|c| c.is_control()) {
        problems.push(format!("{what}含有控制字符"));
    }
}

fn check_counts(problems: &mut Vec<String>, what: &str, expected: u32, attended: u32, rate: Option<u32>) {
    if attended > expected {
        problems.push(format!("{what}：实到人数大于应到人数"));
    } else if rate != percent(attended, expected) {
        problems.push(format!("{what}：参会率与应到、实到人数不符"));
    }
}

/// Every problem with a parsed document's content, in Chinese; empty means valid.
pub fn validate(doc: &SummaryDoc) -> Vec<String> {
    let mut p = Vec::new();
    let year_ok = (MIN_YEAR..=MAX_YEAR).contains(&doc.year);
    if !year_ok {
        p.push(format!("年度 {} 不在 {MIN_YEAR}—{MAX_YEAR} 之间", doc.year));
    }
    if doc.generated_at.get(..10).and_then(|d| Date::parse(d).ok()).is_none() || doc.generated_at.len() > 40 {
        p.push("生成时间格式有误".to_owned());
    }
    if doc.branch.name.trim().is_empty() {
        p.push("缺少支部名称".to_owned());
    }
    check_text(&mut p, "支部名称", &doc.branch.name);
    check_text(&mut p, "上级党委", &doc.branch.parent_org);
    check_text(&mut p, "总结", &doc.sentence);
    if let Some(as_of) = doc.as_of {
        if year_ok && as_of.year() != doc.year {
            p.push("统计截止日期不在该年度内".to_owned());
        }
    }
    let mut kinds = HashSet::new();
    for row in &doc.table {
        let what = format!("统计表“{}”行", row.kind.label());
        if !kinds.insert(row.kind) {
            p.push(format!("{what}重复"));
        }
        check_text(&mut p, &what, &row.label);
        if row.combined > row.held {
            p.push(format!("{what}：合并召开次数大于开展次数"));
        }
        check_counts(&mut p, &what, row.expected, row.attended, row.average_rate);
        for m in &row.missed {
            check_text(&mut p, &what, m);
        }
    }
    check_counts(
        &mut p,
        "合计",
        doc.totals.expected,
        doc.totals.attended,
        doc.totals.average_rate,
    );
    if doc.study_plan.done > doc.study_plan.total {
        p.push("学习计划完成数大于计划总数".to_owned());
    }
    if let Some(r) = &doc.ratings {
        if r.total() > MAX_RATED {
            p.push("民主评议人数过多".to_owned());
        }
    }
    if let Some(r) = &doc.rectifications {
        if u64::from(r.closed) + u64::from(r.overdue) > u64::from(r.opened) {
            p.push("整改事项：已完成与超期之和大于事项总数".to_owned());
        }
    }
    for (what, rule) in [("学时", &doc.study_hours), ("谈心谈话", &doc.heart_talks)] {
        if let Some(r) = rule {
            if !r.minimum.is_finite() || r.minimum <= 0.0 {
                p.push(format!("{what}要求有误"));
            }
            if r.met > r.members {
                p.push(format!("{what}达标人数大于总人数"));
            }
        }
    }
    for a in &doc.activities {
        let what = format!("活动“{} {}”", a.date, a.label);
        if year_ok && a.date.year() != doc.year {
            p.push(format!("{what}不在该年度内"));
        }
        check_text(&mut p, &what, &a.label);
        check_text(&mut p, &what, &a.theme);
        if a.attended > a.expected {
            p.push(format!("{what}：实到人数大于应到人数"));
        }
    }
    for m in &doc.members {
        let what = format!("党员“{}”", m.name);
        check_text(&mut p, &what, &m.name);
        check_text(&mut p, &what, &m.group);
        let sum = |xs: &[u32]| xs.iter().map(|&x| u64::from(x)).sum::<u64>();
        if sum(&[m.present, m.elsewhere]) != u64::from(m.attended)
            || sum(&[m.attended, m.leave, m.absent]) != u64::from(m.expected)
        {
            p.push(format!("{what}：出席、请假、缺席、异地参加之和与应到、实到不符"));
        }
        check_counts(&mut p, &what, m.expected, m.attended, m.rate);
        if sum(&[m.make_up_done, m.make_up_owed]) != sum(&[m.leave, m.absent]) {
            p.push(format!("{what}：补学次数与请假、缺席次数不符"));
        }
        if !m.study_hours.is_finite() || m.study_hours < 0.0 {
            p.push(format!("{what}：学时有误"));
        }
        for month in &m.months {
            check_text(&mut p, &what, month);
        }
    }
    p
}
