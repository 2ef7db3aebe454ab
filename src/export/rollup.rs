//! The committee's roll-up (汇总, for the 党委/党总支 above the branches): one row per branch, whether it came
//! from an annual summary file a branch handed in or from the branch's own database pulled into memory, so
//! that both kinds of source share one model, one table, one set of totals and one CSV.
//!
//! A database's row is the branch's annual summary for the chosen year ([`summary::year_summary`], what the
//! branch's own 统计 page shows), written as the summary file would be ([`to_doc`]), plus what only a live
//! source can say ([`Live`]): the alerts count (the 合规检查's alerts for the year), the date of the last
//! held activity, and the documents set aside when it was read. The time it was synced is the document's
//! `generated_at`, as a file's is the time it was made.

use super::summary_json::{to_doc, SummaryDoc};
use crate::domain::activity::{ActivityKind, ActivityStatus};
use crate::domain::compliance::alerts;
use crate::domain::member_stats::percent;
use crate::domain::sort::sort;
use crate::domain::summary::year_summary;
use crate::domain::sync::doc::Rejected;
use crate::domain::{Dataset, Date};

/// Where a row came from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Origin {
    /// An annual summary file, by its name.
    File(String),
    /// A branch database on the unit's server, by its name.
    Database(String),
}

impl Origin {
    /// A key unique among the rows (for the page's buttons).
    pub fn key(&self) -> String {
        match self {
            Origin::File(name) => format!("file:{name}"),
            Origin::Database(db) => format!("db:{db}"),
        }
    }

    /// The file or database name.
    pub fn name(&self) -> &str {
        match self {
            Origin::File(n) | Origin::Database(n) => n,
        }
    }

    /// "文件" or "数据库", for the CSV.
    pub fn kind_label(&self) -> &'static str {
        match self {
            Origin::File(_) => "文件",
            Origin::Database(_) => "数据库",
        }
    }
}

/// What a live source (a branch database) adds to its summary.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Live {
    /// The year's alerts (合规检查) as of the day the row was made.
    pub alerts: usize,
    /// The date of the branch's latest held activity (any year), if it has one.
    pub last_record: Option<Date>,
    /// Documents of the database that did not pass the checks: not counted.
    pub set_aside: Vec<Rejected>,
}

/// One branch in the roll-up.
#[derive(Debug, Clone, PartialEq)]
pub struct RollupRow {
    pub origin: Origin,
    pub doc: SummaryDoc,
    /// Only for a database.
    pub live: Option<Live>,
}

impl RollupRow {
    /// A row from a checked summary file.
    pub fn from_file(name: &str, doc: SummaryDoc) -> RollupRow {
        RollupRow {
            origin: Origin::File(name.to_owned()),
            doc,
            live: None,
        }
    }

    /// The branch's name (its database's name when its profile has none).
    pub fn name(&self) -> &str {
        if self.doc.branch.name.trim().is_empty() {
            self.origin.name()
        } else {
            &self.doc.branch.name
        }
    }

    /// Periods missed, over every kind.
    pub fn missed_count(&self) -> usize {
        missed_count(&self.doc)
    }
}

/// The date of the latest held activity.
pub fn last_record(data: &Dataset) -> Option<Date> {
    data.activities
        .iter()
        .filter(|a| a.status == ActivityStatus::Held)
        .map(|a| a.date)
        .max()
}

/// A branch database's row for `year` as of `today` (see the module comment); `synced_at` (RFC 3339) is when
/// its data was read, `set_aside` the documents that were not.
pub fn from_dataset(
    db: &str,
    data: &Dataset,
    year: i32,
    today: Date,
    synced_at: &str,
    set_aside: Vec<Rejected>,
) -> RollupRow {
    let summary = year_summary(data, year, today);
    let rules = data.effective_rules();
    RollupRow {
        origin: Origin::Database(db.to_owned()),
        doc: to_doc(&summary, synced_at),
        live: Some(Live {
            alerts: alerts(data, &rules, year, today).len(),
            last_record: last_record(data),
            set_aside,
        }),
    }
}

/// The kinds that appear in any row, in the usual order.
pub fn kinds_of(rows: &[RollupRow]) -> Vec<ActivityKind> {
    ActivityKind::ALL
        .into_iter()
        .filter(|k| rows.iter().any(|f| f.doc.table.iter().any(|r| r.kind == *k)))
        .collect()
}

/// Held and required of a kind in one summary (`None` when it has no row for the kind).
pub fn cell(doc: &SummaryDoc, kind: ActivityKind) -> Option<(u32, Option<u32>)> {
    doc.table.iter().find(|r| r.kind == kind).map(|r| (r.held, r.required))
}

/// The missed periods of a kind in one summary ("3月", "第二季度", "第一党小组3月").
pub fn missed_of(doc: &SummaryDoc, kind: ActivityKind) -> &[String] {
    doc.table
        .iter()
        .find(|r| r.kind == kind)
        .map(|r| r.missed.as_slice())
        .unwrap_or(&[])
}

/// "3/4", "5" (no rule), "—" (no row).
pub fn held_text(c: Option<(u32, Option<u32>)>) -> String {
    match c {
        None => "—".to_owned(),
        Some((held, Some(req))) => format!("{held}/{req}"),
        Some((held, None)) => held.to_string(),
    }
}

/// "86%" or "—".
pub fn rate_text(r: Option<u32>) -> String {
    r.map(|r| format!("{r}%")).unwrap_or_else(|| "—".to_owned())
}

/// Periods missed over every kind of a summary.
pub fn missed_count(doc: &SummaryDoc) -> usize {
    doc.table.iter().map(|r| r.missed.len()).sum()
}

/// The gaps of a summary: each kind with missed periods, and those periods.
pub fn gaps(doc: &SummaryDoc) -> Vec<(ActivityKind, Vec<String>)> {
    doc.table
        .iter()
        .filter(|r| !r.missed.is_empty())
        .map(|r| (r.kind, r.missed.clone()))
        .collect()
}

/// The gaps in words: "党员大会：第二季度；支委会：3月、4月", or "" when there are none.
pub fn gaps_text(doc: &SummaryDoc) -> String {
    gaps(doc)
        .iter()
        .map(|(k, m)| format!("{}：{}", k.label(), m.join("、")))
        .collect::<Vec<_>>()
        .join("；")
}

/// "2026-12-07 10:32" from an RFC 3339 time; the text as it is when it is not one.
pub fn time_text(rfc3339: &str) -> String {
    match (rfc3339.get(..10), rfc3339.get(11..16)) {
        (Some(d), Some(t)) if rfc3339.as_bytes().get(10) == Some(&b'T') => format!("{d} {t}"),
        _ => rfc3339.to_owned(),
    }
}

/// "同步于 2026-12-07 10:32" or "文件生成于 2027-01-05 10:00".
pub fn data_time_text(row: &RollupRow) -> String {
    let when = time_text(&row.doc.generated_at);
    match row.origin {
        Origin::File(_) => format!("文件生成于 {when}"),
        Origin::Database(_) => format!("同步于 {when}"),
    }
}

/// The combined figures of all rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Totals {
    /// Held and required per kind (in the order of the kinds asked for).
    pub per_kind: Vec<(u32, Option<u32>)>,
    pub expected: u32,
    pub attended: u32,
    pub plan_done: u32,
    pub plan_total: u32,
    pub hours_met: u32,
    pub hours_members: u32,
    pub missed: usize,
    /// Alerts over the live rows (`None` when there is none).
    pub alerts: Option<usize>,
    /// 民主评议: rated 优秀, and rated in all.
    pub excellent: u64,
    pub rated: u64,
    /// 整改 items: closed, all, overdue.
    pub items_closed: u32,
    pub items: u32,
    pub items_overdue: u32,
}

/// The 民主评议 of a row: "优秀5/30" (优秀 of those rated), "—" when nobody was rated.
pub fn ratings_text(doc: &SummaryDoc) -> String {
    doc.ratings
        .map_or_else(|| "—".to_owned(), |r| format!("优秀{}/{}", r.excellent, r.total()))
}

/// The 整改 items of a row: "5/8" (closed of all), "5/8（超期1）", "—" when there were none.
pub fn items_text(closed: u32, all: u32, overdue: u32) -> String {
    match (all, overdue) {
        (0, _) => "—".to_owned(),
        (_, 0) => format!("{closed}/{all}"),
        _ => format!("{closed}/{all}（超期{overdue}）"),
    }
}

/// [`items_text`] of a row's summary.
pub fn doc_items_text(doc: &SummaryDoc) -> String {
    doc.rectifications
        .map_or_else(|| "—".to_owned(), |r| items_text(r.closed, r.opened, r.overdue))
}

pub fn totals(rows: &[RollupRow], kinds: &[ActivityKind]) -> Totals {
    let per_kind = kinds
        .iter()
        .map(|k| {
            let cells: Vec<_> = rows.iter().filter_map(|f| cell(&f.doc, *k)).collect();
            let held = cells.iter().map(|c| c.0).sum();
            let required = cells.iter().filter_map(|c| c.1).reduce(|a, b| a + b);
            (held, required)
        })
        .collect();
    let sum = |f: &dyn Fn(&SummaryDoc) -> u32| rows.iter().map(|x| f(&x.doc)).sum::<u32>();
    let live: Vec<&Live> = rows.iter().filter_map(|r| r.live.as_ref()).collect();
    Totals {
        per_kind,
        expected: sum(&|d| d.totals.expected),
        attended: sum(&|d| d.totals.attended),
        plan_done: sum(&|d| d.study_plan.done),
        plan_total: sum(&|d| d.study_plan.total),
        hours_met: sum(&|d| d.study_hours.as_ref().map_or(0, |h| h.met)),
        hours_members: sum(&|d| d.study_hours.as_ref().map_or(0, |h| h.members)),
        missed: rows.iter().map(RollupRow::missed_count).sum(),
        alerts: (!live.is_empty()).then(|| live.iter().map(|l| l.alerts).sum()),
        excellent: rows
            .iter()
            .filter_map(|r| r.doc.ratings)
            .map(|r| u64::from(r.excellent))
            .sum(),
        rated: rows.iter().filter_map(|r| r.doc.ratings).map(|r| r.total()).sum(),
        items_closed: sum(&|d| d.rectifications.map_or(0, |r| r.closed)),
        items: sum(&|d| d.rectifications.map_or(0, |r| r.opened)),
        items_overdue: sum(&|d| d.rectifications.map_or(0, |r| r.overdue)),
    }
}

/// What the committee should check before trusting the totals: rows of different years, a branch counted
/// twice (two files, or a file and its database), a file that is a mid-year draft.
pub fn warnings(rows: &[RollupRow]) -> Vec<String> {
    let mut w = Vec::new();
    let mut years: Vec<i32> = rows.iter().map(|f| f.doc.year).collect();
    sort(&mut years);
    years.dedup();
    if years.len() > 1 {
        let list: Vec<String> = years.iter().map(|y| format!("{y}年")).collect();
        w.push(format!(
            "汇总中的数据不是同一年度（{}），合计数字跨年度相加，请核对。",
            list.join("、")
        ));
    }
    for (i, f) in rows.iter().enumerate() {
        if let Some(first) = rows[..i]
            .iter()
            .find(|g| g.name() == f.name() && g.doc.year == f.doc.year)
        {
            w.push(format!(
                "“{}”{}年出现了不止一次（{}、{}），合计中会重复计算，请移除多余的一个。",
                f.name(),
                f.doc.year,
                first.origin.name(),
                f.origin.name()
            ));
        }
        if let (Origin::File(file), Some(as_of)) = (&f.origin, f.doc.as_of) {
            w.push(format!(
                "“{}”的文件（{file}）是年中草稿（截至{}），不是全年统计。",
                f.name(),
                as_of.chinese()
            ));
        }
    }
    w
}

/// The combined table as CSV rows (the same columns as on screen, plus the source and the gaps in words).
pub fn csv_rows(rows: &[RollupRow]) -> Vec<Vec<String>> {
    let kinds = kinds_of(rows);
    let mut head = vec![
        "支部".to_owned(),
        "来源".to_owned(),
        "上级党委".to_owned(),
        "年度".to_owned(),
    ];
    head.extend(kinds.iter().map(|k| format!("{}（开展/要求）", k.label())));
    head.extend(
        [
            "未完成期间数",
            "未完成期间",
            "提醒",
            "最近记录",
            "数据时间",
            "应到人次",
            "实到人次",
            "平均参会率",
            "学习计划完成",
            "学时达标",
            "民主评议（优秀/参评）",
            "整改（完成/总数）",
        ]
        .map(str::to_owned),
    );
    let mut out = vec![vec!["各支部组织生活情况汇总".to_owned()], head];
    for f in rows {
        let d = &f.doc;
        let mut row = vec![
            f.name().to_owned(),
            format!("{}：{}", f.origin.kind_label(), f.origin.name()),
            d.branch.parent_org.clone(),
            d.year.to_string(),
        ];
        row.extend(kinds.iter().map(|k| held_text(cell(d, *k))));
        row.extend([
            f.missed_count().to_string(),
            gaps_text(d),
            f.live.as_ref().map(|l| l.alerts.to_string()).unwrap_or_default(),
            f.live
                .as_ref()
                .and_then(|l| l.last_record)
                .map(|d| d.to_string())
                .unwrap_or_default(),
            data_time_text(f),
            d.totals.expected.to_string(),
            d.totals.attended.to_string(),
            rate_text(d.totals.average_rate),
            format!("{}/{}", d.study_plan.done, d.study_plan.total),
            d.study_hours
                .as_ref()
                .map(|h| format!("{}/{}", h.met, h.members))
                .unwrap_or_default(),
            ratings_text(d),
            doc_items_text(d),
        ]);
        out.push(row);
    }
    let t = totals(rows, &kinds);
    let mut row = vec![
        format!("合计（{}个支部）", rows.len()),
        String::new(),
        String::new(),
        String::new(),
    ];
    row.extend(t.per_kind.iter().map(|c| held_text(Some(*c))));
    row.extend([
        t.missed.to_string(),
        String::new(),
        t.alerts.map(|a| a.to_string()).unwrap_or_default(),
        String::new(),
        String::new(),
        t.expected.to_string(),
        t.attended.to_string(),
        rate_text(percent(t.attended, t.expected)),
        format!("{}/{}", t.plan_done, t.plan_total),
        format!("{}/{}", t.hours_met, t.hours_members),
        totals_ratings_text(&t),
        items_text(t.items_closed, t.items, t.items_overdue),
    ]);
    out.push(row);
    out
}

/// The totals' 民主评议: "优秀12/90", "—" when nobody was rated.
pub fn totals_ratings_text(t: &Totals) -> String {
    if t.rated == 0 {
        "—".to_owned()
    } else {
        format!("优秀{}/{}", t.excellent, t.rated)
    }
}
