//! CSV files for Excel and WPS: the annual summary table, the per-member sheet and the list of held
//! activities.
//!
//! Format: UTF-8 with a byte-order mark (so Excel on Windows reads Chinese correctly), CRLF line ends,
//! RFC 4180 quoting: a cell containing an ASCII comma, a double quote, CR or LF is wrapped in double quotes
//! with inner quotes doubled; everything else (Chinese punctuation such as '，' and '“' included) is written
//! as is. Formula-injection safety: a cell starting with `=`, `+`, `-`, `@`, a tab or CR gets a leading
//! apostrophe (`'`), so a spreadsheet shows it as text instead of running it. The files are for people;
//! numbers we write are never negative, so the prefix never touches them.

use crate::domain::member_stats::{percent, MemberStats};
use crate::domain::rules::format_number;
use crate::domain::summary::AnnualSummary;

/// The UTF-8 byte-order mark every file starts with.
pub const BOM: &str = "\u{feff}";

/// One cell, made safe and quoted as needed.
pub fn cell(text: &str) -> String {
    let mut s = String::with_capacity(text.len() + 2);
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        s.push('\'');
    }
    s.push_str(text);
    if s.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// A whole file: BOM, then each row's cells joined by commas, each row ended by CRLF.
pub fn write_csv(rows: &[Vec<String>]) -> Vec<u8> {
    let mut out = String::from(BOM);
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| cell(c)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

fn rate_text(rate: Option<u32>) -> String {
    rate.map(|r| format!("{r}%")).unwrap_or_default()
}

fn strings<const N: usize>(cells: [&str; N]) -> Vec<String> {
    cells.iter().map(|c| (*c).to_owned()).collect()
}

fn title(summary: &AnnualSummary, what: &str) -> String {
    format!("{}{}年度{}", summary.branch, summary.year, what)
}

/// The summary table: a title row, the table (类别, 要求次数, 实际开展, 平均参会率, 未完成期间), then the
/// overall figures and the summary sentence.
pub fn summary_table_csv(summary: &AnnualSummary) -> Vec<u8> {
    let mut rows: Vec<Vec<String>> = vec![
        vec![title(summary, "组织生活情况统计")],
        Vec::new(),
        strings(["类别", "要求次数", "实际开展", "平均参会率", "未完成期间"]),
    ];
    for r in &summary.rows {
        let held = if r.combined > 0 {
            format!("{}（含组织生活会{}次）", r.held, r.combined)
        } else {
            r.held.to_string()
        };
        rows.push(vec![
            r.label.clone(),
            r.required.map(|n| n.to_string()).unwrap_or_default(),
            held,
            rate_text(r.average_rate),
            r.missed_text.clone(),
        ]);
    }
    rows.push(Vec::new());
    rows.push(vec!["党员平均参会率".to_owned(), rate_text(summary.average_rate)]);
    rows.push(vec![
        "学习计划完成".to_owned(),
        format!("{}/{}", summary.study_plan.done, summary.study_plan.total),
    ]);
    if let Some(h) = &summary.study_hours {
        rows.push(vec![
            "学时达标人数".to_owned(),
            format!("{}/{}（每年{}学时）", h.met, h.members, format_number(h.minimum)),
        ]);
    }
    if let Some(t) = &summary.heart_talks {
        rows.push(vec!["谈心谈话覆盖人数".to_owned(), format!("{}/{}", t.met, t.members)]);
    }
    if summary.ratings.rated() > 0 {
        rows.push(vec!["民主评议党员".to_owned(), summary.ratings.text()]);
    }
    if let Some(items) = summary.items_text() {
        rows.push(vec!["整改事项".to_owned(), items]);
    }
    rows.push(Vec::new());
    rows.push(vec!["总结".to_owned(), summary.sentence()]);
    write_csv(&rows)
}

/// The header of the per-member sheet.
pub fn member_sheet_header() -> Vec<String> {
    let mut h = strings(["姓名", "类别", "党小组"]);
    h.extend((1..=12).map(|m| format!("{m}月")));
    h.extend(strings([
        "应到",
        "实到",
        "出席",
        "请假",
        "缺席",
        "异地参加",
        "参会率",
        "补学已完成",
        "补学未完成",
        "学时",
        "谈心谈话",
        "评议等次",
    ]));
    h
}

/// One member's line of the sheet.
pub fn member_sheet_row(s: &MemberStats) -> Vec<String> {
    let mut row = vec![s.name.clone(), s.kind.label().to_owned(), s.group_name.clone()];
    row.extend(s.months.iter().map(|m| m.text()));
    row.extend([
        s.expected.to_string(),
        s.attended.to_string(),
        s.present.to_string(),
        s.leave.to_string(),
        s.absent.to_string(),
        s.elsewhere.to_string(),
        rate_text(percent(s.attended, s.expected)),
        s.make_up_done.to_string(),
        s.make_up_owed.to_string(),
        format_number(s.study_hours),
        s.heart_talks.to_string(),
        s.rating.map(|r| r.label().to_owned()).unwrap_or_default(),
    ]);
    row
}

/// The per-member sheet: a title row, the header, one row per member. Month cells read like "出席2、补学";
/// "—" marks a month the member was not in the branch.
pub fn member_sheet_csv(summary: &AnnualSummary) -> Vec<u8> {
    let mut rows = vec![vec![title(summary, "党员参加组织生活情况")], member_sheet_header()];
    rows.extend(summary.members.iter().map(member_sheet_row));
    write_csv(&rows)
}

/// Every held activity of the year: 日期, 类别, 主题, 应到, 实到, 参会率.
pub fn activities_csv(summary: &AnnualSummary) -> Vec<u8> {
    let mut rows = vec![
        vec![title(summary, "组织生活一览")],
        strings(["日期", "类别", "主题", "应到", "实到", "参会率"]),
    ];
    for a in &summary.activities {
        rows.push(vec![
            a.date.to_string(),
            a.label.clone(),
            a.theme.clone(),
            a.expected.to_string(),
            a.attended.to_string(),
            rate_text(percent(a.attended, a.expected)),
        ]);
    }
    write_csv(&rows)
}
